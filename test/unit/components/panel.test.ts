import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/panel', () => {
  itMatchesFixtures('panel', { min: 6, unsupported: ['actions'] });

  it('renders a confirmation panel', () => {
    const $ = load(renderComponent('panel', { titleText: 'Scores submitted', text: 'Reference ABC123' }));
    assert.ok($('.govuk-panel').hasClass('govuk-panel--confirmation'));
    assert.equal($('h1.govuk-panel__title').text().trim(), 'Scores submitted');
    assert.equal($('.govuk-panel__body').text().trim(), 'Reference ABC123');
  });

  it('escapes title and text', () => {
    assertEscaped(renderComponent('panel', { titleText: HOSTILE, text: HOSTILE }), 2);
  });
});
