import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/summary-list', () => {
  itMatchesFixtures('summary-list', { min: 17 });

  const rows = [
    {
      key: { text: 'Score' },
      value: { text: '5' },
      actions: { items: [{ href: '/score/edit', text: 'Change', visuallyHiddenText: 'score' }] },
    },
    {
      key: { text: 'Status' },
      value: { component: 'tag', params: { text: 'Submitted', classes: 'govuk-tag--green' } },
    },
  ];

  it('renders rows with keys, values and actions', () => {
    const $ = load(renderComponent('summary-list', { rows }));
    assert.equal($('dl.govuk-summary-list > .govuk-summary-list__row').length, 2);
    assert.equal($('dt.govuk-summary-list__key').first().text().trim(), 'Score');
    assert.equal($('dd.govuk-summary-list__value').first().text().trim(), '5');
    const action = $('dd.govuk-summary-list__actions a.govuk-link');
    assert.equal(action.attr('href'), '/score/edit');
    assert.equal(action.text(), 'Change score');
    assert.equal(action.find('.govuk-visually-hidden').text(), ' score');
    assert.ok($('.govuk-summary-list__row').eq(1).hasClass('govuk-summary-list__row--no-actions'));
    assert.equal($('dd.govuk-summary-list__value strong.govuk-tag--green').text().trim(), 'Submitted');
  });

  it('wraps in a summary card whose title is added to action links', () => {
    const $ = load(
      renderComponent('summary-list', {
        card: {
          title: { text: 'Candidate 4', headingLevel: 3 },
          actions: { items: [{ href: '/c/4', text: 'View' }] },
        },
        rows,
      }),
    );
    assert.equal($('.govuk-summary-card h3.govuk-summary-card__title').text().trim(), 'Candidate 4');
    assert.equal($('div.govuk-summary-card__actions a').text(), 'View (Candidate 4)');
    assert.equal($('.govuk-summary-card__content > dl').length, 1);
    assert.equal($('.govuk-summary-list__actions a').text(), 'Change score (Candidate 4)');
  });

  it('refuses a heading level that is not 1 to 6', () => {
    const $ = load(
      renderComponent('summary-list', { card: { title: { text: 'x', headingLevel: '2 onclick=x' } }, rows }),
    );
    assert.equal($('h2.govuk-summary-card__title').length, 1);
    assert.equal($('[onclick]').length, 0);
  });

  it('escapes keys, values, actions and card titles', () => {
    const html = renderComponent('summary-list', {
      card: { title: { text: HOSTILE } },
      rows: [
        {
          key: { text: HOSTILE },
          value: { text: HOSTILE },
          actions: { items: [{ href: HOSTILE, text: HOSTILE, visuallyHiddenText: HOSTILE }] },
        },
      ],
    });
    assertEscaped(html, 5);
    assert.equal(load(html)('.govuk-summary-list__actions a').attr('href'), HOSTILE);
  });
});
