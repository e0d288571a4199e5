import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/error-summary', () => {
  itMatchesFixtures('error-summary', { min: 15 });

  it('links each error to its field', () => {
    const $ = load(
      renderComponent('error-summary', {
        errorList: [
          { text: 'Enter a score', href: '#score' },
          { text: 'Enter the interview date', href: '#interview-date-day' },
        ],
      }),
    );
    assert.equal($('.govuk-error-summary').attr('data-module'), 'govuk-error-summary');
    assert.equal($('.govuk-error-summary > div').attr('role'), 'alert');
    assert.equal($('h2.govuk-error-summary__title').text().trim(), 'There is a problem');
    assert.deepEqual(
      $('ul.govuk-error-summary__list a')
        .toArray()
        .map((a) => [$(a).attr('href'), $(a).text()]),
      [
        ['#score', 'Enter a score'],
        ['#interview-date-day', 'Enter the interview date'],
      ],
    );
  });

  it('escapes title, description and error text and hrefs', () => {
    const html = renderComponent('error-summary', {
      titleText: HOSTILE,
      descriptionText: HOSTILE,
      errorList: [{ text: HOSTILE, href: HOSTILE }, { text: HOSTILE }],
    });
    assertEscaped(html, 4);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
  });
});
