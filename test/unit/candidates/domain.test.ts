import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  beyondCampaignSize,
  MAX_CANDIDATES_PER_CAMPAIGN,
  REFERENCE_PATTERN,
  candidateEmail,
  candidateName,
  candidateReference,
  emailKey,
  referenceKey,
  checkCandidateHeader,
  displayName,
  nextReference,
  nextReferences,
  validateCandidateRows,
  type CandidateColumns,
  type ParsedRow,
} from '../../../server/domain/candidates.js';

const columns: CandidateColumns = { name: 0, email: 1, reference: 2 };
const none = { emails: [], references: [] };
const rows = (...cells: string[][]): ParsedRow[] => cells.map((c, i) => ({ line: i + 2, cells: c }));

describe('candidates: references', () => {
  it('starts at C001 and counts on from the highest C-number', () => {
    assert.equal(nextReference([]), 'C001');
    assert.equal(nextReference(['C001', 'C002']), 'C003');
    assert.equal(nextReference(['C001', 'c007', 'X99']), 'C008');
    assert.equal(nextReference(['C999']), 'C1000');
  });

  it('never reuses a gap, so old paperwork never means someone else', () => {
    assert.equal(nextReference(['C001', 'C003']), 'C004');
  });

  it('ignores references that are not C-numbers', () => {
    assert.equal(nextReference(['HO-123', 'CV-1', 'C1a']), 'C001');
  });

  it('makes several distinct references in order', () => {
    assert.deepEqual(nextReferences(['C002'], 3), ['C003', 'C004', 'C005']);
    assert.deepEqual(nextReferences([], 0), []);
  });

  it('never makes a reference that is taken, whatever is taken', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[Cc]?\d{0,4}$/)),
        fc.integer({ min: 1, max: 20 }),
        (taken, n) => {
          const made = nextReferences(taken, n);
          const lower = new Set(taken.map((t) => t.toLowerCase()));
          assert.equal(made.length, n);
          assert.equal(new Set(made).size, n);
          for (const m of made) assert.ok(!lower.has(m.toLowerCase()), m);
        },
      ),
    );
  });
});

describe('candidates: displayName', () => {
  const candidate = { reference: 'C004', name: 'Ada Lovelace' };
  it('shows the name when the campaign is not anonymised', () => {
    assert.equal(displayName(candidate, { anonymised: false, viewerIsOwner: false }), 'Ada Lovelace');
    assert.equal(displayName(candidate, { anonymised: false, viewerIsOwner: true }), 'Ada Lovelace');
  });
  it('shows only the reference to panels when anonymised, and the name to owners', () => {
    assert.equal(displayName(candidate, { anonymised: true, viewerIsOwner: false }), 'C004');
    assert.equal(displayName(candidate, { anonymised: true, viewerIsOwner: true }), 'Ada Lovelace');
  });
  it('shows the reference once personal data is erased', () => {
    assert.equal(
      displayName({ reference: 'C004', name: null }, { anonymised: false, viewerIsOwner: true }),
      'C004',
    );
  });
});

describe('candidates: CSV header', () => {
  it('accepts the columns in any order and any case, reference optional', () => {
    assert.deepEqual(checkCandidateHeader(['Email', ' NAME ']), {
      ok: true,
      columns: { name: 1, email: 0, reference: null },
    });
    assert.deepEqual(checkCandidateHeader(['reference', 'name', 'email']), {
      ok: true,
      columns: { name: 1, email: 2, reference: 0 },
    });
  });

  it('refuses extra, repeated and missing columns, all at once', () => {
    const result = checkCandidateHeader(['name', 'name', 'phone']);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors.map((e) => e.text), [
      'Row 1: the column “name” appears more than once',
      'Row 1: remove the column “phone”: the only columns allowed are name, email and reference',
      'Row 1: add a column called “email” to the header row',
    ]);
  });

  it('explains a file separated by semicolons or tabs', () => {
    const result = checkCandidateHeader(['name;email']);
    assert.match(!result.ok ? result.errors[0]!.text : '', /Row 1: separate the columns with commas/);
  });
});

describe('candidates: CSV rows', () => {
  it('gives clean candidates, trimmed, with references made for blanks in file order', () => {
    const result = validateCandidateRows(
      rows(
        [' Ada ', ' ada@example.com ', ''],
        ['Bob', 'bob@example.com', 'C005'],
        ['Cy', 'cy@example.com', ''],
      ),
      columns,
      { emails: [], references: ['C002'] },
    );
    assert.deepEqual(result, {
      ok: true,
      candidates: [
        { line: 2, name: 'Ada', email: 'ada@example.com', reference: 'C006' },
        { line: 3, name: 'Bob', email: 'bob@example.com', reference: 'C005' },
        { line: 4, name: 'Cy', email: 'cy@example.com', reference: 'C007' },
      ],
    });
  });

  it('reports every problem on every row by its line number', () => {
    const result = validateCandidateRows(
      rows(
        ['Ada', 'ada@example.com', 'A1'],
        ['', 'not-an-email', 'bad ref!'],
        ['x'.repeat(201), '', 'R'.repeat(31)],
        ['Dup', 'ADA@example.com', 'a1'],
        ['Short', 'short@example.com'],
      ),
      columns,
      none,
    );
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors, [
      { line: 3, text: 'Row 3: enter the candidate’s full name' },
      { line: 3, text: 'Row 3: enter an email address in the correct format, like name@example.com' },
      {
        line: 3,
        text: 'Row 3: reference must only include letters, numbers, hyphens (-) and underscores (_)',
      },
      { line: 4, text: 'Row 4: full name must be 200 characters or fewer' },
      { line: 4, text: 'Row 4: enter the candidate’s email address' },
      { line: 4, text: 'Row 4: reference must be 30 characters or fewer' },
      { line: 5, text: 'Row 5: email address is the same as row 2' },
      { line: 5, text: 'Row 5: reference is the same as row 2' },
      { line: 6, text: 'Row 6: has 2 columns but the header row has 3' },
    ]);
  });

  it('refuses emails and references already in the campaign, ignoring case', () => {
    const result = validateCandidateRows(
      rows(['Ada', 'Ada@Example.com', 'c001'], ['Bob', 'bob@example.com', '']),
      columns,
      { emails: ['ada@example.COM'], references: ['C001'] },
    );
    assert.deepEqual(!result.ok && result.errors.map((e) => e.text), [
      'Row 2: a candidate with this email address is already in this campaign',
      'Row 2: another candidate in this campaign already has this reference',
    ]);
  });

  it('keeps text exactly as typed, formula-like or not: escaping is for output', () => {
    const result = validateCandidateRows(
      rows(
        ['=HYPERLINK("http://x")', 'f@example.com', ''],
        ['<script>alert(1)</script>', 'g@example.com', ''],
      ),
      columns,
      none,
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.candidates.map((c) => c.name),
      ['=HYPERLINK("http://x")', '<script>alert(1)</script>'],
    );
  });

  it('needs at least one candidate', () => {
    const result = validateCandidateRows([], columns, none);
    assert.equal(result.ok, false);
  });
});

describe('candidates: the largest supported campaign', () => {
  it('lets a campaign fill to exactly the limit and no further', () => {
    assert.equal(beyondCampaignSize(0, MAX_CANDIDATES_PER_CAMPAIGN), null);
    assert.equal(beyondCampaignSize(MAX_CANDIDATES_PER_CAMPAIGN - 1, 1), null);
    assert.match(beyondCampaignSize(MAX_CANDIDATES_PER_CAMPAIGN, 1)!, /already has 10,000 candidates/);
    assert.match(beyondCampaignSize(MAX_CANDIDATES_PER_CAMPAIGN - 1, 2)!, /room for 1 more, not 2/);
    assert.match(beyondCampaignSize(0, MAX_CANDIDATES_PER_CAMPAIGN + 1)!, /room for 10,000 more, not 10,001/);
  });
});

describe('candidates: field rules and their messages', () => {
  const message = (
    schema: {
      safeParse: (v: unknown) => { success: boolean; error?: { issues: Array<{ message: string }> } };
    },
    value: unknown,
  ) => schema.safeParse(value).error?.issues[0]?.message ?? null;

  it('anchors the reference pattern at both ends: a reference is only letters, numbers, - and _', () => {
    for (const ok of ['C001', 'abc_12-x', '-', '_']) assert.equal(REFERENCE_PATTERN.test(ok), true, ok);
    for (const bad of ['C 001', '!C001', 'C001!', ' C001', 'C001 ', 'é1', '']) {
      assert.equal(REFERENCE_PATTERN.test(bad), false, JSON.stringify(bad));
    }
    assert.equal(
      message(candidateReference, 'bad ref'),
      'Reference must only include letters, numbers, hyphens (-) and underscores (_)',
    );
    assert.equal(
      message(candidateReference, '#C001'),
      'Reference must only include letters, numbers, hyphens (-) and underscores (_)',
    );
    assert.equal(message(candidateReference, '  '), null, 'blank: a reference is made up');
  });

  it('refuses a reference with anything but letters, numbers, - and _ before them (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('!', '#', ' x', '.', '/', 'é', '+'),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
        (prefix, rest) => {
          assert.equal(REFERENCE_PATTERN.test(rest), true);
          assert.equal(REFERENCE_PATTERN.test(prefix + rest), false);
        },
      ),
    );
  });

  it('says what is wrong with a name, an email address or a reference', () => {
    assert.equal(message(candidateName, '  '), 'Enter the candidate’s full name');
    assert.equal(message(candidateName, 7), 'Enter the candidate’s full name');
    assert.equal(message(candidateName, 'x'.repeat(201)), 'Full name must be 200 characters or fewer');
    assert.equal(message(candidateName, 'x'.repeat(200)), null);
    assert.equal(
      message(candidateName, 'Ann\u202Eoe'),
      'Candidate name must not contain control characters or text-direction characters',
    );
    assert.equal(message(candidateEmail, 7), 'Enter the candidate’s email address');
    assert.equal(message(candidateEmail, ' '), 'Enter the candidate’s email address');
    assert.equal(
      message(candidateEmail, `${'a'.repeat(250)}@b.co`),
      'Email address must be 254 characters or fewer',
    );
    assert.equal(
      message(candidateEmail, 'not an email'),
      'Enter an email address in the correct format, like name@example.com',
    );
    assert.equal(message(candidateReference, 7), 'Enter the candidate reference');
    assert.equal(message(candidateReference, 'C'.repeat(31)), 'Reference must be 30 characters or fewer');
  });

  it('compares references and emails trimmed and in lower case', () => {
    assert.equal(referenceKey('  C001 '), 'c001');
    assert.equal(emailKey(' Ann@Example.COM '), 'ann@example.com');
  });

  it('counts on from a C-number with spaces around it, and only from whole C-numbers', () => {
    assert.equal(nextReference([' C005 ']), 'C006');
    assert.equal(nextReference(['XC005', 'C005X', 'C']), 'C001');
    assert.equal(nextReference(['c009']), 'C010');
  });
});

describe('candidates: CSV header and rows, every message', () => {
  it('names a column with no name by its position, and an unknown one as it was typed', () => {
    const result = checkCandidateHeader(['name', ' ', 'email', ' Phone ']);
    assert.deepEqual(result, {
      ok: false,
      errors: [
        {
          line: 1,
          text: 'Row 1: column 2 has no name: the only columns allowed are name, email and reference',
        },
        {
          line: 1,
          text: 'Row 1: remove the column “Phone”: the only columns allowed are name, email and reference',
        },
      ],
    });
  });

  it('asks for a missing column when there is one column and no separator in it', () => {
    assert.deepEqual(checkCandidateHeader(['name'], 4), {
      ok: false,
      errors: [{ line: 4, text: 'Row 4: add a column called “email” to the header row' }],
    });
    assert.deepEqual(checkCandidateHeader(['name\temail'], 2), {
      ok: false,
      errors: [{ line: 2, text: 'Row 2: separate the columns with commas, like name,email,reference' }],
    });
  });

  it('reads a semicolon or tab as the wrong separator only in a header of one column', () => {
    assert.deepEqual(checkCandidateHeader(['ref;x', 'name', 'email']), {
      ok: false,
      errors: [
        {
          line: 1,
          text: 'Row 1: remove the column “ref;x”: the only columns allowed are name, email and reference',
        },
      ],
    });
  });

  it('says a file with a header and nothing else has no candidates', () => {
    assert.deepEqual(validateCandidateRows([], columns, none), {
      ok: false,
      errors: [{ line: 2, text: 'The CSV has a header row but no candidates' }],
    });
  });

  it('counts the columns of a short row in words', () => {
    assert.deepEqual(validateCandidateRows(rows(['Ann']), columns, none), {
      ok: false,
      errors: [{ line: 2, text: 'Row 2: has 1 column but the header row has 3' }],
    });
    assert.deepEqual(validateCandidateRows(rows(['Ann', 'a@b.co']), columns, none), {
      ok: false,
      errors: [{ line: 2, text: 'Row 2: has 2 columns but the header row has 3' }],
    });
  });

  it('keeps a reference trimmed', () => {
    assert.deepEqual(validateCandidateRows(rows(['Ann', 'a@b.co', ' R1 ']), columns, none), {
      ok: true,
      candidates: [{ line: 2, name: 'Ann', email: 'a@b.co', reference: 'R1' }],
    });
  });
});
