import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/pagination', () => {
  itMatchesFixtures('pagination', { min: 15 });

  it('renders previous, numbered items with the current page, ellipsis and next', () => {
    const $ = load(
      renderComponent('pagination', {
        previous: { href: '?page=1' },
        next: { href: '?page=3' },
        items: [
          { number: 1, href: '?page=1' },
          { number: 2, href: '?page=2', current: true },
          { ellipsis: true },
          { number: 9, href: '?page=9' },
        ],
      }),
    );
    assert.equal($('nav.govuk-pagination').attr('aria-label'), 'Pagination');
    assert.equal($('.govuk-pagination__prev a').attr('rel'), 'prev');
    assert.equal($('.govuk-pagination__prev').text().replace(/\s+/g, ' ').trim(), 'Previous page');
    assert.equal($('.govuk-pagination__next a').attr('href'), '?page=3');
    const current = $('.govuk-pagination__item--current a');
    assert.equal(current.attr('aria-current'), 'page');
    assert.equal(current.attr('aria-label'), 'Page 2');
    assert.equal($('.govuk-pagination__item--ellipsis').text().trim(), '⋯');
  });

  it('is block-level with labels when there are no items', () => {
    const $ = load(
      renderComponent('pagination', {
        next: { href: '/next', text: 'Next candidate', labelText: 'Candidate 5' },
      }),
    );
    assert.ok($('nav').hasClass('govuk-pagination--block'));
    assert.equal($('.govuk-pagination__link-label').text(), 'Candidate 5');
  });

  it('escapes link text, labels and hrefs', () => {
    const html = renderComponent('pagination', {
      previous: { href: HOSTILE, text: HOSTILE, labelText: HOSTILE },
      next: { href: HOSTILE, text: HOSTILE, labelText: HOSTILE },
    });
    assertEscaped(html, 4);
    assert.equal(load(html)('a').first().attr('href'), HOSTILE);
    const items = renderComponent('pagination', {
      items: [{ number: HOSTILE, href: HOSTILE, visuallyHiddenText: HOSTILE }],
    });
    assertEscaped(items);
    assert.equal(load(items)('a').attr('aria-label'), HOSTILE);
  });
});
