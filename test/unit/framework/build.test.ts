import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCscf, buildSuccessProfiles } from '../../../server/framework/behaviours-build.js';
import { ImportError } from '../../../server/framework/errors.js';
import { serializeJson } from '../../../server/framework/files.js';
import { GRADES, SCALES } from '../../../server/framework/reference-data.js';
import type { EditionFolder } from '../../../server/framework/validate.js';
import { DATA_DIR, SOURCES } from './helpers.js';

const source = async (file: string) =>
  JSON.parse(await readFile(join(SOURCES, 'behaviours', file), 'utf8')) as unknown;

async function assertCommitted(folder: EditionFolder): Promise<void> {
  for (const [name, value] of Object.entries(folder.files)) {
    const committed = await readFile(join(DATA_DIR, folder.folder, name), 'utf8');
    assert.ok(serializeJson(value) === committed, `${folder.folder}/${name} differs from the committed copy`);
  }
}

describe('framework data is reproducible from framework-data/sources', () => {
  it('Success Profiles 2018', async () => {
    await assertCommitted(buildSuccessProfiles(await source('success-profiles-behaviours.json')));
  });

  it('CSCF 2012', async () => {
    await assertCommitted(buildCscf(await source('cscf-2012.json')));
  });

  it('scales.json and grades.json', async () => {
    assert.equal(serializeJson(SCALES), await readFile(join(DATA_DIR, 'scales.json'), 'utf8'));
    assert.equal(serializeJson(GRADES), await readFile(join(DATA_DIR, 'grades.json'), 'utf8'));
  });

  it('rejects a behaviours transcription whose sentences no longer make up the paragraph', async () => {
    const sp = (await source('success-profiles-behaviours.json')) as {
      behaviours: Array<{ levels: Record<string, { indicators: string[] }> }>;
    };
    sp.behaviours[0]?.levels['3']?.indicators.pop();
    assert.throws(
      () => buildSuccessProfiles(sp),
      (error: unknown) =>
        error instanceof ImportError &&
        error.problems.includes(
          'success-profiles-behaviours.json: seeing-the-big-picture level 3: indicators do not join up to the paragraph',
        ),
    );
    assert.throws(() => buildCscf({ clusters: 'none' }), /cscf-2012\.json is not in the expected shape/);
  });
});
