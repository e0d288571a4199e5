import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/label', () => {
  itMatchesFixtures('label', { min: 16 });

  it('links to its control', () => {
    const $ = load(renderComponent('label', { text: 'Score', for: 'score' }));
    assert.equal($('label.govuk-label').attr('for'), 'score');
  });

  it('can be the page heading', () => {
    const $ = load(
      renderComponent('label', { text: 'Score', isPageHeading: true, classes: 'govuk-label--l' }),
    );
    assert.equal($('h1.govuk-label-wrapper > label.govuk-label.govuk-label--l').length, 1);
  });

  it('renders nothing without text', () => {
    assert.equal(renderComponent('label', { for: 'x' }).trim(), '');
  });

  it('escapes text and for', () => {
    const html = renderComponent('label', { text: HOSTILE, for: HOSTILE });
    assertEscaped(html);
    assert.equal(load(html)('label').attr('for'), HOSTILE);
  });
});
