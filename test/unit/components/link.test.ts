import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, load } from './govuk.js';

describe('components/link', () => {
  it('renders a govuk-link with optional visually hidden text', () => {
    const $ = load(renderComponent('link', { href: '/c/1', text: 'Change', visuallyHiddenText: 'score' }));
    assert.equal($('a.govuk-link').attr('href'), '/c/1');
    assert.equal($('a').text(), 'Change score');
    assert.equal($('a .govuk-visually-hidden').text(), ' score');
  });

  it('escapes text and href', () => {
    const html = renderComponent('link', { href: HOSTILE, text: HOSTILE, visuallyHiddenText: HOSTILE });
    assertEscaped(html, 2);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
  });
});
