import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/select', () => {
  itMatchesFixtures('select', { min: 19 });

  const items = [
    { value: '', text: 'Choose a score' },
    { value: 0, text: '0 – no evidence' },
    { value: 1, text: '1' },
  ];

  it('wires label, hint and error and selects by value', () => {
    const $ = load(
      renderComponent('select', {
        name: 'score',
        items,
        value: '1',
        label: { text: 'Score' },
        hint: { text: 'From 0 to 7' },
        errorMessage: { text: 'Choose a score' },
      }),
    );
    assert.ok($('.govuk-form-group').hasClass('govuk-form-group--error'));
    const select = $('select#score');
    assert.ok(select.hasClass('govuk-select--error'));
    assert.equal(select.attr('aria-describedby'), 'score-hint score-error');
    assert.deepEqual(
      $('option[selected]')
        .toArray()
        .map((o) => $(o).attr('value')),
      ['1'],
    );
  });

  it('selects a value of 0 (govuk-frontend would not)', () => {
    const $ = load(renderComponent('select', { name: 'score', items, value: 0, label: { text: 'Score' } }));
    assert.equal($('option[selected]').attr('value'), '0');
  });

  it('escapes option text and values', () => {
    const html = renderComponent('select', {
      name: 'score',
      items: [{ value: HOSTILE, text: HOSTILE }],
      label: { text: HOSTILE },
      hint: { text: HOSTILE },
      errorMessage: { text: HOSTILE },
    });
    assertEscaped(html, 4);
    assert.equal(load(html)('option').attr('value'), HOSTILE);
  });
});
