import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/breadcrumbs', () => {
  itMatchesFixtures('breadcrumbs', { min: 11 });

  it('links each level and marks the current page', () => {
    const $ = load(
      renderComponent('breadcrumbs', {
        items: [{ text: 'Campaigns', href: '/campaigns' }, { text: 'Panel 3' }],
      }),
    );
    assert.equal($('nav.govuk-breadcrumbs').attr('aria-label'), 'Breadcrumb');
    assert.equal($('a.govuk-breadcrumbs__link').attr('href'), '/campaigns');
    assert.equal($('li[aria-current="page"]').text(), 'Panel 3');
  });

  it('escapes item text and href', () => {
    const html = renderComponent('breadcrumbs', {
      items: [{ text: HOSTILE, href: HOSTILE }, { text: HOSTILE }],
      labelText: HOSTILE,
    });
    assertEscaped(html, 2);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
    assert.equal(load(html)('nav').attr('aria-label'), HOSTILE);
  });
});
