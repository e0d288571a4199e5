import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/radios', () => {
  itMatchesFixtures('radios', { min: 33, unsupported: ['items.conditional'] });

  const params = {
    name: 'outcome',
    fieldset: { legend: { text: 'Outcome', classes: 'govuk-fieldset__legend--m' } },
    hint: { text: 'Based on the panel’s scores' },
    errorMessage: { text: 'Select an outcome' },
    items: [
      { value: 'pass', text: 'Pass', hint: { text: 'Meets the bar' } },
      { divider: 'or' },
      { value: 'fail', text: 'Fail' },
    ],
    value: 'fail',
  };

  it('puts hint, error and items in a fieldset described by hint then error', () => {
    const $ = load(renderComponent('radios', params));
    assert.ok($('.govuk-form-group').hasClass('govuk-form-group--error'));
    assert.equal($('fieldset.govuk-fieldset').attr('aria-describedby'), 'outcome-hint outcome-error');
    assert.equal($('legend.govuk-fieldset__legend--m').text().trim(), 'Outcome');
    assert.equal($('fieldset > #outcome-hint.govuk-hint').length, 1);
    assert.equal($('fieldset > #outcome-error.govuk-error-message').length, 1);
    assert.equal($('.govuk-radios').attr('data-module'), 'govuk-radios');
    assert.equal($('.govuk-radios__divider').text(), 'or');
  });

  it('numbers item ids, links labels and item hints, and checks by value', () => {
    const $ = load(renderComponent('radios', params));
    const inputs = $('input.govuk-radios__input');
    assert.deepEqual(
      inputs.toArray().map((i) => $(i).attr('id')),
      ['outcome', 'outcome-3'],
    );
    assert.equal($('label[for="outcome"]').text().trim(), 'Pass');
    assert.equal($('#outcome').attr('aria-describedby'), 'outcome-item-hint');
    assert.equal($('#outcome-item-hint.govuk-radios__hint').text().trim(), 'Meets the bar');
    assert.equal($('input[checked]').attr('value'), 'fail');
  });

  it('has an inline option', () => {
    const $ = load(renderComponent('radios', { ...params, inline: true }));
    assert.ok($('.govuk-radios').hasClass('govuk-radios--inline'));
  });

  it('checks a value of 0', () => {
    const $ = load(
      renderComponent('radios', {
        name: 'score',
        items: [0, 1, 2].map((n) => ({ value: n, text: String(n) })),
        value: 0,
      }),
    );
    assert.equal($('input[checked]').attr('value'), '0');
  });

  it('escapes every text parameter', () => {
    const html = renderComponent('radios', {
      name: 'x',
      fieldset: { legend: { text: HOSTILE } },
      hint: { text: HOSTILE },
      errorMessage: { text: HOSTILE },
      items: [{ value: HOSTILE, text: HOSTILE, hint: { text: HOSTILE } }, { divider: HOSTILE }],
    });
    assertEscaped(html, 6);
    assert.equal(load(html)('input').attr('value'), HOSTILE);
  });
});
