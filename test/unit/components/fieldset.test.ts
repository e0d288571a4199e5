import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/fieldset', () => {
  itMatchesFixtures('fieldset', { min: 16 });

  it('renders the legend, as a page heading when asked', () => {
    const $ = load(
      renderComponent('fieldset', {
        legend: { text: 'Interview date', isPageHeading: true, classes: 'govuk-fieldset__legend--l' },
        describedBy: 'date-hint',
        role: 'group',
      }),
    );
    assert.equal($('fieldset.govuk-fieldset').attr('aria-describedby'), 'date-hint');
    assert.equal($('fieldset').attr('role'), 'group');
    assert.equal(
      $('legend.govuk-fieldset__legend--l > h1.govuk-fieldset__heading').text().trim(),
      'Interview date',
    );
  });

  it('renders other partials as its content', () => {
    const $ = load(
      renderComponent('fieldset', {
        legend: { text: 'Address' },
        content: [
          { component: 'input', params: { name: 'line1', label: { text: 'Line 1' } } },
          { component: 'input', params: { name: 'town', label: { text: 'Town' } } },
        ],
      }),
    );
    assert.deepEqual(
      $('fieldset input')
        .toArray()
        .map((el) => $(el).attr('name')),
      ['line1', 'town'],
    );
  });

  it('refuses a content component that is not a plain partial name', () => {
    assert.throws(() => renderComponent('fieldset', { content: { component: '../pages/secret' } }));
  });

  it('escapes legend and text content', () => {
    assertEscaped(renderComponent('fieldset', { legend: { text: HOSTILE }, content: { text: HOSTILE } }), 2);
  });
});
