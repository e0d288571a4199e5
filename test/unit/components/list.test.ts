import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import { renderComponent } from './render.js';

describe('components/list', () => {
  it('renders a bullet list of escaped text items', () => {
    const $ = cheerio.load(
      renderComponent('list', {
        items: ['one', '<script>alert(1)</script>"\'&'],
        type: 'bullet',
        classes: 'govuk-list--spaced',
      }),
    );
    assert.equal($('ul.govuk-list.govuk-list--bullet.govuk-list--spaced').length, 1);
    assert.deepEqual(
      $('li')
        .map((_i, li) => $(li).text())
        .get(),
      ['one', '<script>alert(1)</script>"\'&'],
    );
    assert.equal($('script').length, 0);
  });

  it('renders a numbered list as <ol>, and a plain list without a modifier', () => {
    assert.equal(
      cheerio.load(renderComponent('list', { items: ['a'], type: 'number' }))('ol.govuk-list--number').length,
      1,
    );
    const plain = cheerio.load(renderComponent('list', { items: ['a'] }));
    assert.equal(plain('ul').attr('class'), 'govuk-list');
  });

  it('can be a details slot', () => {
    const $ = cheerio.load(
      renderComponent('details', {
        summaryText: 'Indicators',
        content: { component: 'list', params: { items: ['x'], type: 'bullet' } },
      }),
    );
    assert.equal($('.govuk-details__text ul.govuk-list--bullet li').text(), 'x');
  });
});
