import assert from 'node:assert/strict';
import { parseCandidateCsv, readCandidateCsv } from '../../../server/features/candidates/csv.js';

const none = { emails: [], references: [] };

describe('candidates: reading pasted CSV', () => {
  it('numbers rows by the line they start on, skipping blank lines and rows of commas', () => {
    const parsed = parseCandidateCsv(
      '\uFEFFname,email\r\n"Multi\nline",a@b.co\n\nBob,b@c.co\n,,\nEve,e@f.co',
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.header, { line: 1, cells: ['name', 'email'] });
    assert.deepEqual(
      parsed.rows.map((r) => [r.line, r.cells[0]]),
      [
        [2, 'Multi\nline'],
        [5, 'Bob'],
        [7, 'Eve'],
      ],
    );
  });

  it('reads quoted commas and quotes, and stray quotes in unquoted text', () => {
    const read = readCandidateCsv('email,name\nx@y.co,"Smith, ""Jo"""\nz@y.co,O"Brien', none);
    assert.ok(read.ok);
    assert.deepEqual(
      read.candidates.map((c) => c.name),
      ['Smith, "Jo"', 'O"Brien'],
    );
  });

  it('reports a quote that is never closed', () => {
    const read = readCandidateCsv('name,email\nAda,a@b.co\n"Bob,b@c.co\n', none);
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.errors[0]!.text : '', /^Row \d+: a quotation mark/);
  });

  it('needs a header row', () => {
    const read = readCandidateCsv('\n\n', none);
    assert.deepEqual(!read.ok && read.errors.map((e) => e.text), [
      'Paste the CSV, starting with a header row',
    ]);
  });

  it('stops at header problems before checking rows', () => {
    const read = readCandidateCsv('name,phone\nAda,123', none);
    assert.deepEqual(!read.ok && read.errors.map((e) => e.text), [
      'Row 1: remove the column “phone”: the only columns allowed are name, email and reference',
      'Row 1: add a column called “email” to the header row',
    ]);
  });
});
