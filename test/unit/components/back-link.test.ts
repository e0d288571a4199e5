import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/back-link', () => {
  itMatchesFixtures('back-link', { min: 6 });

  it('defaults to "Back" and "#"', () => {
    const $ = load(renderComponent('back-link', {}));
    assert.equal($('a.govuk-back-link').text(), 'Back');
    assert.equal($('a').attr('href'), '#');
  });

  it('escapes text and href', () => {
    const html = renderComponent('back-link', { text: HOSTILE, href: HOSTILE });
    assertEscaped(html);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
  });
});
