import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/hint', () => {
  itMatchesFixtures('hint', { min: 5 });

  it('renders a govuk-hint with its id', () => {
    const $ = load(renderComponent('hint', { id: 'score-hint', text: 'From 1 to 7' }));
    assert.equal($('div.govuk-hint#score-hint').text().trim(), 'From 1 to 7');
  });

  it('escapes text and attributes', () => {
    const html = renderComponent('hint', { text: HOSTILE, attributes: { 'data-x': HOSTILE } });
    assertEscaped(html);
    assert.equal(load(html)('div').attr('data-x'), HOSTILE);
  });
});
