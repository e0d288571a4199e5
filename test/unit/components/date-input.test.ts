import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/date-input', () => {
  itMatchesFixtures('date-input', { min: 49 });

  it('renders day, month and year in a group fieldset described by hint then error', () => {
    const $ = load(
      renderComponent('date-input', {
        id: 'interview-date',
        namePrefix: 'interview-date',
        fieldset: { legend: { text: 'Interview date' } },
        hint: { text: 'For example, 27 3 2027' },
        errorMessage: { text: 'Enter the interview date' },
        values: { 'interview-date-day': '27', 'interview-date-month': '3', 'interview-date-year': '2027' },
      }),
    );
    assert.ok($('.govuk-form-group').first().hasClass('govuk-form-group--error'));
    assert.equal($('fieldset').attr('role'), 'group');
    assert.equal($('fieldset').attr('aria-describedby'), 'interview-date-hint interview-date-error');
    assert.equal($('div.govuk-date-input#interview-date').length, 1);
    const inputs = $('input').toArray();
    assert.deepEqual(
      inputs.map((i) => [$(i).attr('id'), $(i).attr('name'), $(i).attr('value'), $(i).attr('inputmode')]),
      [
        ['interview-date-day', 'interview-date-day', '27', 'numeric'],
        ['interview-date-month', 'interview-date-month', '3', 'numeric'],
        ['interview-date-year', 'interview-date-year', '2027', 'numeric'],
      ],
    );
    assert.ok(inputs.every((i) => $(i).hasClass('govuk-input--error')));
    assert.equal($('label[for="interview-date-month"]').text().trim(), 'Month');
  });

  it('marks only the fields with an error when an item says so', () => {
    const $ = load(
      renderComponent('date-input', {
        id: 'd',
        errorMessage: { text: 'Enter a real year' },
        items: [
          { name: 'day', value: '1' },
          { name: 'month', value: '1' },
          { name: 'year', value: '20', error: true },
        ],
      }),
    );
    assert.deepEqual(
      $('input')
        .toArray()
        .map((i) => $(i).hasClass('govuk-input--error')),
      [false, false, true],
    );
    assert.ok($('#d-year').hasClass('govuk-input--width-4'));
  });

  it('escapes every text parameter', () => {
    const html = renderComponent('date-input', {
      id: 'd',
      fieldset: { legend: { text: HOSTILE } },
      hint: { text: HOSTILE },
      errorMessage: { text: HOSTILE },
      values: { day: HOSTILE },
      items: [{ name: 'day', label: HOSTILE }],
    });
    assertEscaped(html, 4);
    assert.equal(load(html)('input').attr('value'), HOSTILE);
  });
});
