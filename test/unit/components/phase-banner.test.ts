import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/phase-banner', () => {
  itMatchesFixtures('phase-banner', { min: 5 });

  it('renders the tag, the text and an optional link', () => {
    const $ = load(
      renderComponent('phase-banner', {
        tag: { text: 'Beta' },
        text: 'This is a new service.',
        link: { href: '/feedback', text: 'Give feedback' },
      }),
    );
    assert.equal($('strong.govuk-tag.govuk-phase-banner__content__tag').text().trim(), 'Beta');
    assert.equal($('.govuk-phase-banner__text a.govuk-link').attr('href'), '/feedback');
    assert.equal($('.govuk-phase-banner__text').text().trim(), 'This is a new service. Give feedback');
  });

  it('escapes tag, text and link', () => {
    const html = renderComponent('phase-banner', {
      tag: { text: HOSTILE },
      text: HOSTILE,
      link: { href: HOSTILE, text: HOSTILE },
    });
    assertEscaped(html, 3);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
  });
});
