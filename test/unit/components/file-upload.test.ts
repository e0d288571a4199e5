import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/file-upload', () => {
  itMatchesFixtures('file-upload', { min: 22 });

  it('wires label, hint and error to the file input', () => {
    const $ = load(
      renderComponent('file-upload', {
        name: 'candidates',
        label: { text: 'Candidate list' },
        hint: { text: 'A CSV file' },
        errorMessage: { text: 'Choose a CSV file' },
      }),
    );
    assert.ok($('.govuk-form-group').hasClass('govuk-form-group--error'));
    const input = $('input#candidates');
    assert.equal(input.attr('type'), 'file');
    assert.ok(input.hasClass('govuk-file-upload--error'));
    assert.equal(input.attr('aria-describedby'), 'candidates-hint candidates-error');
  });

  it('escapes every text parameter', () => {
    const html = renderComponent('file-upload', {
      name: 'f',
      label: { text: HOSTILE },
      hint: { text: HOSTILE },
      errorMessage: { text: HOSTILE },
      javascript: true,
      chooseFilesButtonText: HOSTILE,
    });
    assertEscaped(html, 3);
    assert.equal(load(html)('.govuk-file-upload-wrapper').attr('data-i18n.choose-files-button'), HOSTILE);
  });
});
