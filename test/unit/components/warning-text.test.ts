import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/warning-text', () => {
  itMatchesFixtures('warning-text', { min: 7 });

  it('renders the icon and the visually hidden "Warning"', () => {
    const $ = load(renderComponent('warning-text', { text: 'You cannot change scores after moderation.' }));
    assert.equal($('.govuk-warning-text__icon').attr('aria-hidden'), 'true');
    assert.equal($('.govuk-warning-text__text .govuk-visually-hidden').text(), 'Warning');
  });

  it('escapes text and fallback text', () => {
    assertEscaped(renderComponent('warning-text', { text: HOSTILE, iconFallbackText: HOSTILE }), 2);
  });
});
