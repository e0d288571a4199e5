import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/tag', () => {
  itMatchesFixtures('tag', { min: 11 });

  it('takes a colour class', () => {
    const $ = load(renderComponent('tag', { text: 'Submitted', classes: 'govuk-tag--green' }));
    assert.equal($('strong.govuk-tag.govuk-tag--green').text().trim(), 'Submitted');
  });

  it('escapes text', () => {
    assertEscaped(renderComponent('tag', { text: HOSTILE }));
  });
});
