import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, load } from './govuk.js';

describe('components/_links (a cell with text and links)', () => {
  it('renders the text, then each link on its own line, skipping links that do not apply', () => {
    const $ = load(
      renderComponent('_links', {
        text: 'Appointable',
        links: [
          { href: '/a.pdf', text: 'Outcome report (PDF)', visuallyHiddenText: 'for C001' },
          false,
          { href: '/b', text: 'Change' },
        ],
      }),
    );
    assert.deepEqual(
      $('a')
        .map((_i, a) => [[$(a).attr('href'), $(a).text()]])
        .get(),
      [
        ['/a.pdf', 'Outcome report (PDF) for C001'],
        ['/b', 'Change'],
      ],
    );
    assert.equal($('br').length, 2);
    assert.match($.root().text(), /^Appointable/);
  });

  it('renders text alone, and nothing at all when given nothing', () => {
    assert.equal(
      load(renderComponent('_links', { text: 'Not decided' }))
        .root()
        .text()
        .trim(),
      'Not decided',
    );
    assert.equal(renderComponent('_links', {}).trim(), '');
  });

  it('escapes the text and every link', () => {
    const html = renderComponent('_links', { text: HOSTILE, links: [{ href: HOSTILE, text: HOSTILE }] });
    assertEscaped(html, 2);
  });
});
