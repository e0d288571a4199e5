import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/button', () => {
  itMatchesFixtures('button', { min: 36 });

  it('renders a submit button that can prevent double clicks', () => {
    const $ = load(
      renderComponent('button', {
        text: 'Submit scores',
        preventDoubleClick: true,
        name: 'action',
        value: 'submit',
      }),
    );
    const button = $('button.govuk-button');
    assert.equal(button.attr('type'), 'submit');
    assert.equal(button.attr('data-module'), 'govuk-button');
    assert.equal(button.attr('data-prevent-double-click'), 'true');
    assert.equal(button.attr('name'), 'action');
    assert.equal(button.attr('value'), 'submit');
    assert.equal(button.text().trim(), 'Submit scores');
  });

  it('renders a link as a button when given href', () => {
    const $ = load(
      renderComponent('button', {
        text: 'Add a person',
        href: '/admin/users/new',
        classes: 'govuk-button--secondary',
      }),
    );
    const link = $('a.govuk-button.govuk-button--secondary');
    assert.equal(link.attr('href'), '/admin/users/new');
    assert.equal(link.attr('role'), 'button');
    assert.equal(link.attr('draggable'), 'false');
    assert.equal($('button').length, 0);
  });

  it('takes the warning class and can be disabled', () => {
    const $ = load(
      renderComponent('button', { text: 'Delete', classes: 'govuk-button--warning', disabled: true }),
    );
    assert.ok($('button').hasClass('govuk-button--warning'));
    assert.equal($('button').attr('aria-disabled'), 'true');
    assert.equal($('button[disabled]').length, 1);
  });

  it('escapes text, href, name and value', () => {
    const html = renderComponent('button', { text: HOSTILE, name: HOSTILE, value: HOSTILE, id: HOSTILE });
    assertEscaped(html);
    assert.equal(load(html)('button').attr('value'), HOSTILE);
    const link = renderComponent('button', { text: HOSTILE, href: HOSTILE });
    assertEscaped(link);
    assert.equal(load(link)('a').attr('href'), HOSTILE);
  });
});
