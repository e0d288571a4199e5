import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/notification-banner', () => {
  itMatchesFixtures('notification-banner', { min: 18 });

  it('is a region titled "Important" by default', () => {
    const $ = load(renderComponent('notification-banner', { text: 'Scoring closes on Friday' }));
    const banner = $('.govuk-notification-banner');
    assert.equal(banner.attr('role'), 'region');
    assert.equal(banner.attr('aria-labelledby'), 'govuk-notification-banner-title');
    assert.equal($('h2#govuk-notification-banner-title').text().trim(), 'Important');
    assert.equal($('p.govuk-notification-banner__heading').text().trim(), 'Scoring closes on Friday');
  });

  it('is an alert titled "Success" for type success', () => {
    const $ = load(renderComponent('notification-banner', { type: 'success', text: 'Scores submitted' }));
    const banner = $('.govuk-notification-banner');
    assert.ok(banner.hasClass('govuk-notification-banner--success'));
    assert.equal(banner.attr('role'), 'alert');
    assert.equal($('.govuk-notification-banner__title').text().trim(), 'Success');
  });

  it('escapes text, title and title id', () => {
    const html = renderComponent('notification-banner', {
      text: HOSTILE,
      titleText: HOSTILE,
      titleId: HOSTILE,
    });
    assertEscaped(html, 2);
    assert.equal(load(html)('.govuk-notification-banner').attr('aria-labelledby'), HOSTILE);
  });
});
