import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/character-count', () => {
  itMatchesFixtures('character-count', { min: 34 });

  it('states the limit without JavaScript and sets the data attributes', () => {
    const $ = load(
      renderComponent('character-count', {
        name: 'evidence',
        maxlength: 2000,
        threshold: 75,
        label: { text: 'Evidence' },
        hint: { text: 'What the candidate said' },
        errorMessage: { text: 'Evidence must be 2000 characters or fewer' },
      }),
    );
    const group = $('.govuk-form-group');
    assert.ok(group.hasClass('govuk-character-count'));
    assert.ok(group.hasClass('govuk-form-group--error'));
    assert.equal(group.attr('data-module'), 'govuk-character-count');
    assert.equal(group.attr('data-maxlength'), '2000');
    assert.equal(group.attr('data-threshold'), '75');
    assert.equal(group.attr('data-maxwords'), undefined);
    const textarea = $('textarea#evidence');
    assert.ok(textarea.hasClass('govuk-js-character-count'));
    assert.equal(textarea.attr('aria-describedby'), 'evidence-info evidence-hint evidence-error');
    assert.equal(
      $('#evidence-info.govuk-character-count__message').text().trim(),
      'You can enter up to 2000 characters',
    );
  });

  it('counts words with maxwords', () => {
    const $ = load(
      renderComponent('character-count', { name: 'notes', maxwords: 150, label: { text: 'Notes' } }),
    );
    assert.equal($('.govuk-form-group').attr('data-maxwords'), '150');
    assert.equal($('.govuk-form-group').attr('data-count-type'), 'words');
    assert.equal($('#notes-info').text().trim(), 'You can enter up to 150 words');
  });

  it('escapes every text parameter', () => {
    const html = renderComponent('character-count', {
      name: 'evidence',
      maxlength: 10,
      value: HOSTILE,
      label: { text: HOSTILE },
      hint: { text: HOSTILE },
      errorMessage: { text: HOSTILE },
      textareaDescriptionText: `${HOSTILE} %{count}`,
      charactersUnderLimitText: { one: HOSTILE, other: HOSTILE },
      charactersAtLimitText: HOSTILE,
    });
    assertEscaped(html, 5);
    const group = load(html)('.govuk-form-group');
    assert.equal(group.attr('data-i18n.characters-at-limit'), HOSTILE);
    assert.equal(group.attr('data-i18n.characters-under-limit.one'), HOSTILE);
  });
});
