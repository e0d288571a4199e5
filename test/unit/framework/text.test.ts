import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, contentHash } from '../../../server/framework/hash.js';
import { nameRank, orderLevels } from '../../../server/framework/ladder.js';
import { cleanText, sections, slugify, textBlocks } from '../../../server/framework/text.js';

describe('framework text helpers', () => {
  it('cleanText fixes whitespace only', () => {
    assert.equal(cleanText('End user computing engineer '), 'End user computing engineer');
    assert.equal(
      cleanText(' At this role level, you will: \n-  champion data\u00a0'),
      'At this role level, you will:\n- champion data',
    );
    assert.equal(cleanText('schemes.\u2028\u2028\n\nAt this role level'), 'schemes.\n\nAt this role level');
    assert.equal(cleanText('enabling change\u200b\n- next'), 'enabling change\n- next');
    assert.equal(cleanText('accessible and  environmentally'), 'accessible and environmentally');
    assert.equal(cleanText('a\r\n\r\n\r\nb\n\n'), 'a\n\nb');
    assert.equal(cleanText('‘DevOps engineers’'), '‘DevOps engineers’');
  });

  it('cleanText is idempotent and never changes the words', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\u00a0', '\u2028', '\u200b', '-', '\t') }),
        (s) => {
          const once = cleanText(s);
          assert.equal(cleanText(once), once);
          const words = (t: string) =>
            t
              .replace(/\u200b/g, '')
              .split(/[\s\u00a0\u2028]+/)
              .filter(Boolean);
          assert.deepEqual(words(once), words(s));
        },
      ),
    );
  });

  it('slugify makes stable URL-friendly slugs', () => {
    assert.equal(
      slugify('Programming and build (software engineering)'),
      'programming-and-build-software-engineering',
    );
    assert.equal(
      slugify('Development operations (DevOps) engineer'),
      'development-operations-devops-engineer',
    );
    assert.equal(slugify('Quality assurance testing (QAT)'), 'quality-assurance-testing-qat');
    assert.equal(slugify('Senior developer - management'), 'senior-developer-management');
    assert.equal(slugify("Building stakeholders' trust"), 'building-stakeholders-trust');
    assert.equal(slugify('Ymgynghorydd ŵyl & café'), 'ymgynghorydd-wyl-and-cafe');
  });

  it('sections and textBlocks split lead-ins from bullets', () => {
    const text = 'You can:\n- one\n- two\nExamples of leadership using this skill:\n- three';
    assert.deepEqual(sections(text), [
      { heading: 'You can:', items: ['one', 'two'] },
      { heading: 'Examples of leadership using this skill:', items: ['three'] },
    ]);
    assert.deepEqual(textBlocks('A summary.\n\nIn this role, you will:\n- a\n- b\nA closing line.'), [
      { type: 'paragraph', text: 'A summary.' },
      { type: 'paragraph', text: 'In this role, you will:' },
      { type: 'list', items: ['a', 'b'] },
      { type: 'paragraph', text: 'A closing line.' },
    ]);
  });

  it('orders levels by grades.tsv, else by the seniority words in their names', () => {
    assert.deepEqual(
      ['Trainee x', 'Junior x', 'X', 'Senior x', 'Lead x', 'Principal x', 'Head of x'].map(nameRank),
      [0, 1, 2, 3, 4, 5, 6],
    );
    const byName = orderLevels('Data ethicist', ['Head of data ethics', 'Data ethics lead'], []);
    assert.deepEqual(byName, {
      source: 'name-rule',
      steps: [
        { name: 'Data ethics lead', grades: null },
        { name: 'Head of data ethics', grades: null },
      ],
    });
    const grade = (level: string, levelNumber: number) => ({
      row: levelNumber + 1,
      role: 'R',
      level,
      levelNumber,
      grades: [],
      gradesText: '',
    });
    const byTsv = orderLevels('R', ['Lead r', 'Principal r'], [grade('Principal r', 1), grade('Lead r', 2)]);
    assert.equal(byTsv.source, 'grades.tsv');
    assert.deepEqual(
      byTsv.steps.map((s) => s.name),
      ['Principal r', 'Lead r'],
    );
  });
});

describe('contentHash', () => {
  it('hashes canonical JSON with sorted keys', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: undefined }),
      '{"a":[{"c":null,"d":"x"}],"b":1}',
    );
    assert.equal(contentHash({}), '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    assert.throws(() => canonicalJson({ a: Number.NaN }), TypeError);
  });

  it('does not depend on key order, and survives a JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reordered = JSON.parse(JSON.stringify(value, (_k, v: unknown) => reverseKeys(v))) as unknown;
        assert.equal(contentHash(reordered), contentHash(value));
        assert.equal(contentHash(JSON.parse(JSON.stringify(value)) as unknown), contentHash(value));
      }),
    );
  });
});

function reverseKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).reverse());
}

describe('framework text helpers: edges', () => {
  it('cleanText turns a lone carriage return into a line break and drops leading blank lines', () => {
    assert.equal(cleanText('a\rb'), 'a\nb');
    assert.equal(cleanText('\n\n a\n\n\nb'), 'a\n\nb');
  });

  it('sections: bullets before any lead-in, bare hyphens and blank lines', () => {
    assert.deepEqual(sections('- first\n- second'), [{ heading: null, items: ['first', 'second'] }]);
    assert.deepEqual(sections('You can:\n-\n\n- one'), [{ heading: 'You can:', items: ['one'] }]);
  });

  it('textBlocks: a list first, its items trimmed', () => {
    assert.deepEqual(textBlocks('-  a \n- b\nafter'), [
      { type: 'list', items: ['a', 'b'] },
      { type: 'paragraph', text: 'after' },
    ]);
  });
});
