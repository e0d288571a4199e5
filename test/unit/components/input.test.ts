import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/input', () => {
  itMatchesFixtures('input', { min: 41 });

  it('wires label, hint and error to the input in GOV.UK order', () => {
    const $ = load(
      renderComponent('input', {
        name: 'score',
        label: { text: 'Score' },
        hint: { text: 'From 1 to 7' },
        errorMessage: { text: 'Enter a score' },
        describedBy: 'scale',
        value: '9',
      }),
    );
    assert.ok($('div.govuk-form-group').hasClass('govuk-form-group--error'));
    assert.equal($('label').attr('for'), 'score');
    assert.equal($('#score-hint.govuk-hint').length, 1);
    assert.equal($('p#score-error.govuk-error-message .govuk-visually-hidden').text(), 'Error:');
    const input = $('input#score');
    assert.ok(input.hasClass('govuk-input--error'));
    assert.equal(input.attr('name'), 'score');
    assert.equal(input.attr('type'), 'text');
    assert.equal(input.attr('value'), '9');
    assert.equal(input.attr('aria-describedby'), 'scale score-hint score-error');
  });

  it('has no error state or aria-describedby without hint or error', () => {
    const $ = load(renderComponent('input', { id: 'n', name: 'name', label: { text: 'Name' } }));
    assert.ok(!$('.govuk-form-group').hasClass('govuk-form-group--error'));
    assert.equal($('input').attr('aria-describedby'), undefined);
    assert.equal($('input').attr('id'), 'n');
  });

  it('renders a value of 0', () => {
    const $ = load(renderComponent('input', { name: 'score', label: { text: 'Score' }, value: 0 }));
    assert.equal($('input').attr('value'), '0');
  });

  it('renders prefix, suffix and slots around the input', () => {
    const $ = load(
      renderComponent('input', {
        name: 'cost',
        label: { text: 'Cost' },
        prefix: { text: '£' },
        suffix: { text: 'per item' },
        formGroup: { afterInput: { component: 'tag', params: { text: 'Estimate' } } },
      }),
    );
    assert.equal($('.govuk-input__wrapper > .govuk-input__prefix').text(), '£');
    assert.equal($('.govuk-input__wrapper > .govuk-input__suffix').attr('aria-hidden'), 'true');
    assert.equal($('.govuk-input__wrapper > strong.govuk-tag').length, 1);
  });

  it('escapes every text and attribute parameter', () => {
    const html = renderComponent('input', {
      name: HOSTILE,
      id: HOSTILE,
      value: HOSTILE,
      label: { text: HOSTILE },
      hint: { text: HOSTILE },
      errorMessage: { text: HOSTILE },
      prefix: { text: HOSTILE },
      suffix: { text: HOSTILE },
      classes: HOSTILE,
      attributes: { 'data-x': HOSTILE },
    });
    assertEscaped(html, 5);
    const input = load(html)('input');
    assert.equal(input.attr('value'), HOSTILE);
    assert.equal(input.attr('name'), HOSTILE);
    assert.equal(input.attr('data-x'), HOSTILE);
    assert.equal(input.attr('aria-describedby'), `${HOSTILE}-hint ${HOSTILE}-error`);
  });
});
