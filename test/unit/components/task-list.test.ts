import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

describe('components/task-list', () => {
  itMatchesFixtures('task-list', { min: 10 });

  it('describes each link by its hint and status', () => {
    const $ = load(
      renderComponent('task-list', {
        idPrefix: 'candidate',
        items: [
          {
            title: { text: 'Score candidate 1' },
            hint: { text: 'Interview at 10am' },
            href: '/c/1',
            status: { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
          },
          {
            title: { text: 'Moderation' },
            status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
          },
        ],
      }),
    );
    const link = $('a.govuk-task-list__link');
    assert.equal(link.attr('aria-describedby'), 'candidate-1-hint candidate-1-status');
    assert.equal($('#candidate-1-hint').text().trim(), 'Interview at 10am');
    assert.equal($('#candidate-1-status strong.govuk-tag').text().trim(), 'In progress');
    assert.ok($('.govuk-task-list__item').first().hasClass('govuk-task-list__item--with-link'));
    assert.equal($('#candidate-2-status').text().trim(), 'Cannot start yet');
  });

  it('escapes titles, hints and statuses', () => {
    const html = renderComponent('task-list', {
      items: [
        { title: { text: HOSTILE }, hint: { text: HOSTILE }, href: HOSTILE, status: { text: HOSTILE } },
        { title: { text: HOSTILE }, status: { tag: { text: HOSTILE } } },
      ],
    });
    assertEscaped(html, 5);
    assert.equal(load(html)('a').attr('href'), HOSTILE);
  });
});
