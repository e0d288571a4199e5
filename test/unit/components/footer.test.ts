import assert from 'node:assert/strict';
import { renderComponent } from './render.js';
import { HOSTILE, assertEscaped, itMatchesFixtures, load } from './govuk.js';

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('components/footer', () => {
  // Same markup as govuk-frontend's footer, less the crown (this service is not on GOV.UK) and
  // with the licence and copyright fixed.
  itMatchesFixtures('footer', {
    min: 16,
    unsupported: ['contentLicence', 'copyright'],
    adjustExpected: ($) => {
      $('.govuk-footer__crown').remove();
    },
  });

  const params = {
    meta: {
      items: [
        { href: '/accessibility', text: 'Accessibility statement' },
        { href: '/privacy', text: 'Privacy' },
      ],
      text: 'Contains public sector information licensed under the Open Government Licence v3.0.',
    },
  };

  it('has no crown', () => {
    const $ = load(renderComponent('footer', params));
    assert.equal($('.govuk-footer__crown').length, 0);
    assert.equal($('svg').length, 1, 'only the OGL logo');
  });

  it('shows the OGL logo and licence statement and Crown copyright', () => {
    const $ = load(renderComponent('footer', params));
    assert.equal($('svg.govuk-footer__licence-logo').attr('aria-hidden'), 'true');
    assert.equal(
      collapse($('.govuk-footer__licence-description').text()),
      'All content is available under the Open Government Licence v3.0, except where otherwise stated',
    );
    assert.equal(
      $('.govuk-footer__licence-description a[rel="license"]').attr('href'),
      'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    );
    assert.equal(collapse($('a.govuk-footer__copyright-logo').text()), '© Crown copyright');
  });

  it('shows the support links and the attribution line on its own', () => {
    const $ = load(renderComponent('footer', params));
    assert.equal($('h2.govuk-visually-hidden').text(), 'Support links');
    assert.deepEqual(
      $('.govuk-footer__inline-list a')
        .toArray()
        .map((a) => $(a).attr('href')),
      ['/accessibility', '/privacy'],
    );
    assert.equal(collapse($('div.govuk-footer__meta-custom').text()), params.meta.text);
  });

  it('escapes meta links, attribution and navigation', () => {
    const html = renderComponent('footer', {
      meta: { items: [{ href: HOSTILE, text: HOSTILE }], text: HOSTILE, visuallyHiddenTitle: HOSTILE },
      navigation: [{ title: HOSTILE, items: [{ href: HOSTILE, text: HOSTILE }] }],
    });
    assertEscaped(html, 5);
    assert.equal(load(html)('.govuk-footer__inline-list a').attr('href'), HOSTILE);
  });
});
