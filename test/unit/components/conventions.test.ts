import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderComponent, renderString, viewsDir } from './render.js';
import { HOSTILE, load } from './govuk.js';

const componentsDir = path.join(viewsDir, 'components');
const partials = readdirSync(componentsDir).filter((f) => f.endsWith('.ejs'));
const testsDir = path.dirname(fileURLToPath(import.meta.url));
/** Every other view, read from the folder so a new one is covered: pages, layouts, error pages, shared partials. */
const views = readdirSync(viewsDir, { recursive: true, encoding: 'utf8' })
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.ejs') && !f.startsWith('components/'))
  .sort();
/**
 * The only unescaped output that is not an include(): the layout prints the page it wraps, which
 * server/views.ts rendered first as `body` (escaped where its data was printed).
 */
const TRUSTED_OUTPUT: Record<string, string[]> = { 'layouts/main.ejs': ['<%- body %>'] };

/** Each `<%- ... %>` tag that is not `<%- include(...) %>`. */
const unescapedOutput = (source: string): string[] => source.match(/<%-(?!\s*include\()[\s\S]*?%>/g) ?? [];

describe('components: conventions', () => {
  for (const file of partials) {
    const source = readFileSync(path.join(componentsDir, file), 'utf8');

    it(`${file} documents its parameters in a comment at the top`, () => {
      assert.match(source, /^<%#[\s\S]*?params[\s\S]*?-%>/);
    });

    it(`${file} prints unescaped output only from include()`, () => {
      assert.deepEqual(unescapedOutput(source), [], 'every <%- must be <%- include(...) %>');
    });

    if (!file.startsWith('_')) {
      it(`${file} has a test file`, () => {
        assert.ok(existsSync(path.join(testsDir, file.replace(/\.ejs$/, '.test.ts'))));
      });
    }
  }

  it('is included from a page as ../components/<name>', () => {
    const html = renderString(
      `<%- include('../components/tag', { params: { text: name } }) %>`,
      { name: HOSTILE },
      'pages/example.ejs',
    );
    const $ = load(html);
    assert.equal($('strong.govuk-tag').text().trim(), HOSTILE);
    assert.equal($('script').length, 0);
  });

  it('renders with no params at all', () => {
    for (const file of partials.filter((f) => !f.startsWith('_'))) {
      assert.doesNotThrow(() => renderComponent(file.replace(/\.ejs$/, ''), undefined), file);
    }
  });
});

describe('views: conventions', () => {
  it('reads every page and layout', () => {
    assert.ok(views.includes('layouts/main.ejs'));
    assert.ok(views.includes('pages/scoring/sheet.ejs'));
    assert.ok(views.includes('errors/404.ejs'));
  });

  for (const file of views) {
    const source = readFileSync(path.join(viewsDir, file), 'utf8');

    it(`${file} prints unescaped output only from include()`, () => {
      assert.deepEqual(
        unescapedOutput(source),
        TRUSTED_OUTPUT[file] ?? [],
        'every <%- must be <%- include(...) %>; data is printed with <%= %>',
      );
    });
  }
});

describe('components/_attributes', () => {
  const render = (attributes: unknown): string => renderComponent('_attributes', attributes);

  it('renders escaped name="value" pairs like govukAttributes', () => {
    assert.equal(
      render({ 'data-a': 'x', 'aria-hidden': true, 'data-n': 3 }),
      ' data-a="x" aria-hidden="true" data-n="3"',
    );
    assert.equal(
      render({ 'data-x': HOSTILE }),
      ' data-x="&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39;&amp;"',
    );
  });

  it('handles optional attributes', () => {
    assert.equal(
      render({
        hidden: { value: true, optional: true },
        a: { value: false, optional: true },
        b: { value: undefined, optional: true },
        c: { value: 'v', optional: true },
      }),
      ' hidden c="v"',
    );
  });

  it('renders nothing for no attributes', () => {
    assert.equal(render(undefined), '');
    assert.equal(render('onclick="x"'), '', 'a string of attributes is not trusted');
  });

  it('refuses attribute names that could add other attributes', () => {
    for (const name of ['x onclick', 'a"b', 'x>', 'a=b', '']) {
      assert.throws(() => render({ [name]: 'v' }), /Invalid attribute name/, JSON.stringify(name));
    }
  });
});

describe('components/_content', () => {
  it('renders text escaped, partials, and arrays of both', () => {
    const $ = load(
      renderComponent('_content', [{ text: HOSTILE }, { component: 'tag', params: { text: 'Done' } }]),
    );
    assert.equal($('script').length, 0);
    assert.ok($.root().text().includes(HOSTILE));
    assert.equal($('strong.govuk-tag').text().trim(), 'Done');
  });

  it('refuses component names that are paths', () => {
    for (const component of ['../layouts/main', '/etc/passwd', 'Tag', 'a/b']) {
      assert.throws(() => renderComponent('_content', { component }), /Invalid component name/, component);
    }
  });
});
