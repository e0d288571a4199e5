import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/header', () => {
  // header.ejs is govuk-frontend's generic header: the header without the GOV.UK crown.
  itMatchesFixtures('generic-header', { min: 4, partial: 'header' });

  it('has no crown or GOV.UK logotype', () => {
    const $ = load(renderComponent('header', { logoText: 'Civil Service digital recruitment' }));
    assert.equal($('svg').length, 0);
    assert.equal($('.govuk-header').length, 0);
    const link = $('.govuk-generic-header .govuk-generic-header__logo a.govuk-generic-header__homepage-link');
    assert.equal(link.attr('href'), '/');
    assert.equal(link.text().trim(), 'Civil Service digital recruitment');
    assert.ok($('.govuk-generic-header__container').hasClass('govuk-width-container'));
  });

  it('escapes the logo text and url', () => {
    const html = renderComponent('header', { logoText: HOSTILE, url: HOSTILE });
    assertEscaped(html);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
  });
});
