import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/textarea', () => {
  itMatchesFixtures('textarea', { min: 18 });

  it('wires label, hint and error, with the value inside', () => {
    const $ = load(
      renderComponent('textarea', {
        name: 'evidence',
        label: { text: 'Evidence' },
        hint: { text: 'What the candidate said' },
        errorMessage: { text: 'Enter the evidence' },
        value: 'Led a team',
      }),
    );
    assert.ok($('.govuk-form-group').hasClass('govuk-form-group--error'));
    const textarea = $('textarea#evidence');
    assert.ok(textarea.hasClass('govuk-textarea--error'));
    assert.equal(textarea.attr('rows'), '5');
    assert.equal(textarea.attr('aria-describedby'), 'evidence-hint evidence-error');
    assert.equal(textarea.text(), 'Led a team');
    assert.equal($('label').attr('for'), 'evidence');
  });

  it('escapes every text parameter, including the value', () => {
    const html = renderComponent('textarea', {
      name: 'evidence',
      value: HOSTILE,
      label: { text: HOSTILE },
      hint: { text: HOSTILE },
      errorMessage: { text: HOSTILE },
      formGroup: { beforeInput: { text: HOSTILE }, afterInput: { text: HOSTILE } },
    });
    assertEscaped(html, 6);
    assert.equal(load(html)('textarea').text(), HOSTILE);
  });
});
