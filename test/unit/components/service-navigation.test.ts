import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/service-navigation', () => {
  itMatchesFixtures('service-navigation', { min: 26, unsupported: ['slots'] });

  const params = {
    serviceName: 'Score an interview panel',
    serviceUrl: '/',
    navigation: [
      { href: '/', text: 'Your work', current: true },
      { href: '/campaigns', text: 'Campaigns', active: true },
      { href: '/admin/users', text: 'People' },
    ],
    account: { text: 'Jo Bloggs', signOutHref: '/auth/sign-out' },
  };

  it('names the service in a section landmark', () => {
    const $ = load(renderComponent('service-navigation', params));
    const section = $('section.govuk-service-navigation');
    assert.equal(section.attr('aria-label'), 'Service information');
    assert.equal(section.attr('data-module'), 'govuk-service-navigation');
    const name = $('.govuk-service-navigation__service-name a.govuk-service-navigation__link');
    assert.equal(name.attr('href'), '/');
    assert.equal(name.text().trim(), 'Score an interview panel');
  });

  it('marks the current page with aria-current="page" and an active section with "true"', () => {
    const $ = load(renderComponent('service-navigation', params));
    const items = $('li.govuk-service-navigation__item');
    assert.ok(items.eq(0).hasClass('govuk-service-navigation__item--active'));
    assert.equal(items.eq(0).find('a').attr('aria-current'), 'page');
    assert.equal(items.eq(0).find('strong.govuk-service-navigation__active-fallback').text(), 'Your work');
    assert.equal(items.eq(1).find('a').attr('aria-current'), 'true');
    assert.equal(items.eq(2).find('a').attr('aria-current'), undefined);
    assert.ok(!items.eq(2).hasClass('govuk-service-navigation__item--active'));
  });

  it('ends the navigation with the signed-in user and a Sign out link', () => {
    const $ = load(renderComponent('service-navigation', params));
    const items = $('ul#navigation > li');
    assert.equal(items.eq(3).find('span.govuk-service-navigation__text').text().trim(), 'Jo Bloggs');
    const signOut = items.eq(4).find('a.govuk-service-navigation__link');
    assert.equal(signOut.attr('href'), '/auth/sign-out');
    assert.equal(signOut.text().trim(), 'Sign out');
    assert.equal($('button.govuk-service-navigation__toggle').attr('aria-controls'), 'navigation');
  });

  it('is a plain div without a service name', () => {
    const $ = load(renderComponent('service-navigation', { navigation: [{ href: '/', text: 'Home' }] }));
    assert.equal($('section').length, 0);
    assert.equal($('div.govuk-service-navigation').length, 1);
  });

  it('escapes service name, items and account', () => {
    const html = renderComponent('service-navigation', {
      serviceName: HOSTILE,
      serviceUrl: HOSTILE,
      navigation: [{ href: HOSTILE, text: HOSTILE, current: true }, { text: HOSTILE }],
      account: { text: HOSTILE, signOutHref: HOSTILE, signOutText: HOSTILE },
      navigationLabel: HOSTILE,
    });
    assertEscaped(html, 5);
    const $ = load(html);
    assert.equal($('.govuk-service-navigation__service-name a').attr('href'), HOSTILE);
    assert.equal($('nav').attr('aria-label'), HOSTILE);
  });
});
