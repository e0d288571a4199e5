import assert from 'node:assert/strict';
import { brokenErrorSummaryLinks } from '../../helpers/error-summary-links.js';

const page = (links: string, fields: string) =>
  `<div class="govuk-error-summary"><ul>${links}</ul></div><form>${fields}</form>`;

describe('test helper: error summary links are checked on every page the suite sees', () => {
  it('accepts links to fields that exist', () => {
    const html = page(
      '<li><a href="#status-1">Select what happened</a></li><li><a href="#reason">Enter the reason</a></li>',
      '<input id="status-1" type="radio"><textarea id="reason"></textarea>',
    );
    assert.deepEqual(brokenErrorSummaryLinks(html), []);
  });

  it('reports a link to a field that is not on the page, to nothing, or to a repeated id', () => {
    const html = page(
      '<li><a href="#status">Select what happened</a></li><li><a>No target</a></li><li><a href="#twice">Twice</a></li>',
      '<input id="status-1" type="radio"><input id="twice"><input id="twice">',
    );
    assert.deepEqual(brokenErrorSummaryLinks(html), [
      { href: '#status', text: 'Select what happened' },
      { href: '', text: 'No target' },
      { href: '#twice', text: 'Twice' },
    ]);
  });
});
