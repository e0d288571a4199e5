import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/table', () => {
  itMatchesFixtures('table', { min: 19 });

  it('renders caption, head, row headers, numeric cells and partials in cells', () => {
    const $ = load(
      renderComponent('table', {
        caption: 'Scores',
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Candidate' }, { text: 'Score', format: 'numeric' }, { text: 'Status' }],
        rows: [
          [
            { text: 'Candidate 1' },
            { text: 0, format: 'numeric' },
            { component: 'link', params: { href: '/c/1', text: 'View' } },
          ],
        ],
      }),
    );
    assert.equal($('caption.govuk-table__caption.govuk-table__caption--m').text(), 'Scores');
    assert.equal($('thead th[scope="col"]').length, 3);
    assert.ok($('thead th').eq(1).hasClass('govuk-table__header--numeric'));
    assert.equal($('tbody th[scope="row"].govuk-table__header').text().trim(), 'Candidate 1');
    assert.ok($('tbody td').first().hasClass('govuk-table__cell--numeric'));
    assert.equal($('tbody td').first().text().trim(), '0');
    assert.equal($('tbody td a.govuk-link').attr('href'), '/c/1');
  });

  it('escapes caption, head and cell text', () => {
    const html = renderComponent('table', {
      caption: HOSTILE,
      head: [{ text: HOSTILE }],
      rows: [[{ text: HOSTILE }, { text: HOSTILE }]],
      firstCellIsHeader: true,
    });
    assertEscaped(html, 4);
  });
});
