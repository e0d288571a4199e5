import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/details', () => {
  itMatchesFixtures('details', { min: 7 });

  it('renders summary and text, open when asked', () => {
    const $ = load(
      renderComponent('details', { summaryText: 'Scoring guide', text: '7 is outstanding', open: true }),
    );
    assert.equal($('details.govuk-details[open]').length, 1);
    assert.equal($('.govuk-details__summary-text').text().trim(), 'Scoring guide');
    assert.equal($('.govuk-details__text').text().trim(), '7 is outstanding');
  });

  it('takes a partial as content', () => {
    const $ = load(
      renderComponent('details', {
        summaryText: 'Scale',
        content: { component: 'table', params: { rows: [[{ text: '1' }, { text: 'Poor' }]] } },
      }),
    );
    assert.equal($('.govuk-details__text table.govuk-table').length, 1);
  });

  it('escapes summary and text', () => {
    assertEscaped(renderComponent('details', { summaryText: HOSTILE, text: HOSTILE }), 2);
  });
});
