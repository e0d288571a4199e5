import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/error-message', () => {
  itMatchesFixtures('error-message', { min: 7 });

  it('prefixes the message with visually hidden "Error:"', () => {
    const $ = load(renderComponent('error-message', { id: 'score-error', text: 'Enter a score' }));
    assert.equal($('p.govuk-error-message#score-error').length, 1);
    assert.equal($('.govuk-visually-hidden').text(), 'Error:');
    assert.equal($('p').text().replace(/\s+/g, ' ').trim(), 'Error: Enter a score');
  });

  it('can drop the prefix', () => {
    const $ = load(renderComponent('error-message', { text: 'Enter a score', visuallyHiddenText: false }));
    assert.equal($('.govuk-visually-hidden').length, 0);
  });

  it('escapes text, prefix, id and classes', () => {
    const html = renderComponent('error-message', {
      text: HOSTILE,
      visuallyHiddenText: HOSTILE,
      id: HOSTILE,
      classes: HOSTILE,
    });
    assertEscaped(html, 2);
    assert.equal(load(html)('p').attr('id'), HOSTILE);
  });
});
