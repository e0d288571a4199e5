/** Capability Framework editions imported in the browser: import, compare, publish, withdraw. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { isUuid } from '../../domain/ids.js';
import { refuse, type Problem, type Result } from '../../domain/problems.js';
import { conflict, notFound } from '../../errors.js';
import { importDdat } from '../../framework/ddat-edition.js';
import { diffEditions, type EditionDiff } from '../../framework/edition-diff.js';
import { ImportError } from '../../framework/errors.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import type { RolesFile } from '../../framework/schemas.js';
import type { DeepReadonly } from '../../framework/types.js';
import { checkEditionFolder, type ValidEdition } from '../../framework/validate.js';
import { appendAudit } from '../audit/repository.js';
import { isUniqueViolation } from '../submissions/service.js';
import * as repo from './repository.js';
import { MAX_FILE_BYTES, type UploadedFile } from './upload.js';

type DdatValid = Extract<ValidEdition, { framework: 'ddat-pcf' }>;
type Actor = { id: string };

export const SOURCE_FILES = {
  roles: 'roles.csv',
  skills: 'skills.csv',
  grades: 'grades.tsv',
} as const;
type SourceField = keyof typeof SOURCE_FILES;

export type ImportForm = {
  releaseDate: string;
  roles: UploadedFile;
  skills: UploadedFile;
  grades: UploadedFile | null;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads an upload as UTF-8 text, or says why it cannot be used. */
function readUpload(field: SourceField, file: UploadedFile): { text: string } | Problem {
  const label = SOURCE_FILES[field];
  if (file.bytes.length > MAX_FILE_BYTES)
    return {
      field,
      text: `${label}: the file must be 10 MB or smaller (it is ${megabytes(file.bytes.length)})`,
    };
  try {
    return { text: utf8.decode(file.bytes) };
  } catch {
    return {
      field,
      text: `${label}: the file is not UTF-8 text. Export it again from the framework service, or save it as “CSV UTF-8”`,
    };
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Which field a problem of the importer belongs to: it starts with the file's name. */
function fieldOf(problem: string): SourceField {
  for (const [field, file] of Object.entries(SOURCE_FILES) as Array<[SourceField, string]>)
    if (problem.startsWith(file)) return field;
  return 'roles';
}

/**
 * Builds the edition with the same parser and checks as `npm run framework:import`; stores nothing
 * unless every row is right. The edition is named after the release month.
 */
export async function importEdition(
  db: Kysely<Database>,
  lib: FrameworkLibrary,
  actor: Actor,
  form: ImportForm,
): Promise<Result<{ id: string; editionId: string; importMs: number }>> {
  const started = performance.now();
  const texts: Partial<Record<SourceField, string>> = {};
  const problems: Problem[] = [];
  for (const field of ['roles', 'skills', 'grades'] as const) {
    const file = form[field];
    if (file === null) continue;
    const read = readUpload(field, file);
    if ('field' in read) problems.push(read);
    else texts[field] = read.text;
  }
  if (problems.length > 0) return refuse(...problems);
  const month = form.releaseDate.slice(0, 7);
  const editionId = `ddat-pcf-${month}`;
  let folder;
  try {
    folder = importDdat(
      { roles: texts.roles ?? '', skills: texts.skills ?? '', grades: texts.grades ?? null },
      { edition: month, retrievedOn: new Date().toISOString().slice(0, 10) },
    );
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return refuse(...error.problems.map((text) => ({ field: fieldOf(text), text })));
  }
  if (lib.isShippedDdatEdition(editionId))
    return refuse({ field: 'releaseDate.day', text: `The ${month} edition is already part of the service` });
  if (await repo.liveEditionFor(db, editionId))
    return refuse({
      field: 'releaseDate.day',
      text: `An edition for ${month} has already been imported. Withdraw it first to import it again`,
    });
  const edition = folder.files['edition.json'] as { contentHash: string; counts: Record<string, number> };
  const sources = sourceHashes(folder.files['edition.json']);
  try {
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await repo.insertEdition(trx, {
        edition_id: editionId,
        release_date: form.releaseDate,
        content: folder.files,
        content_hash: edition.contentHash,
        sources,
        imported_by: actor.id,
      });
      await appendAudit(trx, {
        actor_id: actor.id,
        action: 'framework_edition.imported',
        entity_type: 'framework_edition',
        entity_id: inserted.id,
        after: {
          editionId,
          releaseDate: form.releaseDate,
          contentHash: edition.contentHash,
          sources,
          counts: edition.counts,
        },
      });
      return inserted;
    });
    return { ok: true, id: row.id, editionId, importMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (isUniqueViolation(error, 'framework_editions_one_live'))
      return refuse({ field: 'releaseDate.day', text: `An edition for ${month} has already been imported` });
    throw error;
  }
}

function sourceHashes(editionFile: unknown): Record<string, string | null> {
  const refs = (editionFile as { sources: Array<{ description: string; sha256?: string }> }).sources;
  const hash = (file: string) => refs.find((s) => s.description.startsWith(file))?.sha256 ?? null;
  return { roles: hash('roles.csv'), skills: hash('skills.csv'), grades: hash('grades.tsv') };
}

export function listEditions(db: Kysely<Database>) {
  return repo.listEditions(db);
}

function validContent(folderMonth: string, content: Record<string, unknown>): DdatValid {
  const { edition } = checkEditionFolder({ folder: `ddat-pcf/${folderMonth}`, files: content });
  if (edition === null || edition.framework !== 'ddat-pcf')
    throw new Error(`Stored framework edition ddat-pcf-${folderMonth} is not valid`);
  return edition;
}

const monthOf = (editionId: string) => editionId.replace(/^ddat-pcf-/, '');

export type EditionPage = {
  id: string;
  editionId: string;
  shipped: boolean;
  row: NonNullable<Awaited<ReturnType<typeof repo.findEdition>>> | null;
  counts: Record<string, number>;
  contentHash: string;
  isDefault: boolean;
  campaigns: number;
  against: string;
  diff: EditionDiff;
};

/** An edition (stored, or shipped) and how it differs from the current default edition. */
export async function editionWithDiff(
  db: Kysely<Database>,
  lib: FrameworkLibrary,
  id: string,
): Promise<EditionPage> {
  const current = lib.ddatEdition();
  const base: DeepReadonly<RolesFile> = { editionId: current.id, families: current.families() };
  if (!isUuid(id)) {
    const shipped = lib.isShippedDdatEdition(id) ? lib.ddatEdition(id) : undefined;
    if (shipped === undefined) throw notFound();
    return {
      id,
      editionId: id,
      shipped: true,
      row: null,
      counts: { ...shipped.edition.counts },
      contentHash: shipped.edition.contentHash,
      isDefault: current.id === id,
      campaigns: await repo.campaignsUsing(db, id),
      against: current.id,
      diff: diffEditions(base, { editionId: id, families: shipped.families() }),
    };
  }
  const row = await repo.findEdition(db, id);
  if (!row) throw notFound();
  const valid = validContent(monthOf(row.edition_id), row.content);
  return {
    id,
    editionId: row.edition_id,
    shipped: false,
    row,
    counts: valid.edition.counts,
    contentHash: row.content_hash,
    isDefault: row.status === 'published' && current.id === row.edition_id,
    campaigns: await repo.campaignsUsing(db, row.edition_id),
    against: current.id,
    diff: diffEditions(base, valid.roles, row.renames),
  };
}

/** Confirms that a removed role level of the default edition is an added one of this edition, renamed. */
export async function confirmRename(
  db: Kysely<Database>,
  lib: FrameworkLibrary,
  actor: Actor,
  id: string,
  rename: { from: string; to: string },
): Promise<Result> {
  const page = await editionWithDiff(db, lib, id);
  if (page.row === null) throw notFound();
  if (page.row.status !== 'imported') throw conflict('Only an edition not yet published can be changed');
  const from = page.diff.removed.some((r) => r.key === rename.from);
  const to = page.diff.added.some((a) => a.key === rename.to);
  if (!from || !to)
    return refuse({ field: 'rename', text: 'Choose a role level that was removed and one that was added' });
  await db.transaction().execute(async (trx) => {
    const locked = await repo.lockEdition(trx, id);
    if (!locked || locked.status !== 'imported')
      throw conflict('Only an edition not yet published can be changed');
    await repo.setRenames(trx, id, { ...locked.renames, [rename.from]: rename.to });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'framework_edition.rename_confirmed',
      entity_type: 'framework_edition',
      entity_id: id,
      after: rename,
    });
  });
  return { ok: true };
}

/** Makes the edition the default for new campaigns; campaigns already made keep theirs. */
export async function publishEdition(
  db: Kysely<Database>,
  lib: FrameworkLibrary,
  actor: Actor,
  id: string,
): Promise<void> {
  if (!isUuid(id)) throw notFound();
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockEdition(trx, id);
    if (!row) throw notFound();
    if (row.status !== 'imported') throw conflict('This edition has already been published or withdrawn');
    await repo.setStatus(trx, id, 'published', actor.id);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'framework_edition.published',
      entity_type: 'framework_edition',
      entity_id: id,
      before: { status: 'imported', default: lib.ddatEdition().id },
      after: { status: 'published', default: row.edition_id },
    });
  });
  await loadPublishedEditions(db, lib);
}

/** Withdraws an edition no campaign uses; if it was the default, the one before it becomes it again. */
export async function withdrawEdition(
  db: Kysely<Database>,
  lib: FrameworkLibrary,
  actor: Actor,
  id: string,
): Promise<Result> {
  if (!isUuid(id)) throw notFound();
  const result = await db.transaction().execute(async (trx): Promise<Result> => {
    const row = await repo.lockEdition(trx, id);
    if (!row) throw notFound();
    if (row.status === 'withdrawn') throw conflict('This edition has already been withdrawn');
    const used = await repo.campaignsUsing(trx, row.edition_id);
    if (used > 0)
      return refuse({
        field: 'withdraw',
        text: `This edition cannot be withdrawn: ${used} campaign${used === 1 ? ' uses' : 's use'} it`,
      });
    await repo.setStatus(trx, id, 'withdrawn', actor.id);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'framework_edition.withdrawn',
      entity_type: 'framework_edition',
      entity_id: id,
      before: { status: row.status },
      after: { status: 'withdrawn' },
    });
    return { ok: true };
  });
  if (result.ok) await loadPublishedEditions(db, lib);
  return result;
}

/** Gives the library every published edition (at start-up, and after publishing or withdrawing). */
export async function loadPublishedEditions(db: Kysely<Database>, lib: FrameworkLibrary): Promise<number> {
  const rows = await repo.publishedContents(db);
  lib.usePublishedDdatEditions(rows.map((r) => validContent(monthOf(r.edition_id), r.content)));
  return rows.length;
}
