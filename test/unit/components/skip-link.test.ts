import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/skip-link', () => {
  itMatchesFixtures('skip-link', { min: 8 });

  it('skips to #content by default', () => {
    const $ = load(renderComponent('skip-link', {}));
    assert.equal($('a.govuk-skip-link').attr('href'), '#content');
    assert.equal($('a').attr('data-module'), 'govuk-skip-link');
    assert.equal($('a').text(), 'Skip to main content');
  });

  it('escapes text and href', () => {
    const html = renderComponent('skip-link', { text: HOSTILE, href: HOSTILE });
    assertEscaped(html);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
  });
});
