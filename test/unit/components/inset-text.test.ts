import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/inset-text', () => {
  itMatchesFixtures('inset-text', { min: 5 });

  it('renders govuk-inset-text', () => {
    const $ = load(renderComponent('inset-text', { text: 'Scores are final once submitted.', id: 'note' }));
    assert.equal($('div.govuk-inset-text#note').text().trim(), 'Scores are final once submitted.');
  });

  it('escapes text', () => {
    assertEscaped(renderComponent('inset-text', { text: HOSTILE }));
  });
});
