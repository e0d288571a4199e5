import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, load } from './govuk.js';

describe('components/table-scroll-region', () => {
  const table = {
    caption: 'Merit order',
    captionClasses: 'govuk-visually-hidden',
    head: [{ text: 'Rank', format: 'numeric' }, { text: 'Candidate' }],
    rows: [[{ text: '1', format: 'numeric' }, { text: 'C001 Aled Jones' }]],
  };

  it('wraps the table in a focusable region named after its caption', () => {
    const $ = load(renderComponent('table-scroll-region', { table }));
    const region = $('div.app-table-scroll');
    assert.equal(region.attr('role'), 'region');
    assert.equal(region.attr('tabindex'), '0');
    assert.equal(region.attr('aria-label'), 'Merit order');
    assert.equal(region.children('table.govuk-table').length, 1);
    assert.equal($('caption.govuk-visually-hidden').text(), 'Merit order');
    assert.equal($('tbody td').last().text().trim(), 'C001 Aled Jones');
  });

  it('takes a label of its own, classes and attributes', () => {
    const $ = load(
      renderComponent('table-scroll-region', {
        table,
        label: 'Comparison of candidates',
        classes: 'app-extra',
        attributes: { id: 'comparison' },
      }),
    );
    const region = $('div[role="region"]');
    assert.equal(region.attr('aria-label'), 'Comparison of candidates');
    assert.ok(region.hasClass('app-table-scroll') && region.hasClass('app-extra'));
    assert.equal(region.attr('id'), 'comparison');
  });

  it('escapes the label', () => {
    const html = renderComponent('table-scroll-region', { table: { caption: HOSTILE, rows: [] } });
    assertEscaped(html, 1);
    assert.equal(load(html)('div').attr('aria-label'), HOSTILE);
    assert.doesNotMatch(html, /aria-label="<script>/);
  });
});
