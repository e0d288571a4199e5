import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/checkboxes', () => {
  itMatchesFixtures('checkboxes', { min: 31, unsupported: ['items.conditional'] });

  it('wires fieldset, hint, error and items, and checks by values', () => {
    const $ = load(
      renderComponent('checkboxes', {
        name: 'roles',
        fieldset: { legend: { text: 'Roles' } },
        hint: { text: 'Select all that apply' },
        errorMessage: { text: 'Select a role' },
        values: ['chair'],
        items: [
          { value: 'chair', text: 'Panel chair' },
          { value: 'member', text: 'Panel member', hint: { text: 'Scores candidates' } },
          { divider: 'or' },
          { value: 'none', text: 'None', behaviour: 'exclusive' },
        ],
      }),
    );
    assert.ok($('.govuk-form-group').hasClass('govuk-form-group--error'));
    assert.equal($('fieldset').attr('aria-describedby'), 'roles-hint roles-error');
    assert.equal($('.govuk-checkboxes').attr('data-module'), 'govuk-checkboxes');
    assert.deepEqual(
      $('input')
        .toArray()
        .map((i) => $(i).attr('id')),
      ['roles', 'roles-2', 'roles-4'],
    );
    assert.equal($('#roles').attr('checked'), 'checked');
    assert.equal($('#roles-2').attr('checked'), undefined);
    assert.equal($('#roles-2').attr('aria-describedby'), 'roles-2-item-hint');
    assert.equal($('#roles-4').attr('data-behaviour'), 'exclusive');
  });

  it('without a fieldset, describes each input by the hint and error', () => {
    const $ = load(
      renderComponent('checkboxes', {
        name: 'confirm',
        hint: { text: 'Required' },
        errorMessage: { text: 'Confirm' },
        items: [{ value: 'yes', text: 'I confirm' }],
      }),
    );
    assert.equal($('fieldset').length, 0);
    assert.equal($('#confirm').attr('aria-describedby'), 'confirm-hint confirm-error');
  });

  it('escapes every text parameter', () => {
    const html = renderComponent('checkboxes', {
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
