import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { csvRow } from '../../domain/merit.js';
import { diffRows } from '../../framework/edition-diff.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import type { SignedInRequest } from '../../middleware/auth.js';
import { parseForm, problemErrors, type FormErrors } from '../../middleware/validate.js';
import { emptySchema, importSchema, renameSchema } from './schemas.js';
import {
  confirmRename,
  editionWithDiff,
  importEdition,
  listEditions,
  publishEdition,
  withdrawEdition,
} from './service.js';

const BASE = '/admin/frameworks';

export function editionsController(db: Kysely<Database>, lib: FrameworkLibrary) {
  const showList = async (
    res: Response,
    status = 200,
    extra: { errors?: FormErrors; values?: Record<string, unknown>; problems?: string[] } = {},
  ) => {
    const editions = await listEditions(db);
    const current = lib.ddatEdition();
    res.status(status).render('pages/admin/editions/index', {
      pageTitle: 'Framework editions',
      editions,
      shipped: lib
        .ddatEditions()
        .filter((e) => lib.isShippedDdatEdition(e.id))
        .map((e) => e.edition),
      defaultId: current.id,
      values: extra.values ?? {},
      problems: extra.problems ?? [],
      errors: extra.errors,
    });
  };

  const showEdition = async (req: SignedInRequest, res: Response, status = 200, errors?: FormErrors) => {
    const page = await editionWithDiff(db, lib, String(req.params.editionId));
    res.status(status).render('pages/admin/editions/edition', {
      pageTitle: `Edition ${page.editionId}`,
      page,
      imported: req.query.imported === '1',
      updated: typeof req.query.updated === 'string' ? req.query.updated : undefined,
      errors,
    });
  };

  return {
    async list(_req: SignedInRequest, res: Response) {
      await showList(res);
    },

    async importEdition(req: SignedInRequest, res: Response) {
      const form = parseForm(importSchema, req.body);
      const values = textValues(req.body);
      if (!form.ok) return showList(res, 400, { errors: form.errors, values });
      const result = await importEdition(db, lib, req.user, form.data);
      if (!result.ok) {
        const errors = problemErrors(result.problems, { 'releaseDate.day': 'releaseDate-day' });
        const problems = result.problems.map((p) => p.text);
        if (problems.length > errors.summary.length)
          errors.summary.push({
            text: `The files have ${problems.length} problems, all listed below`,
            href: '#import-problems',
          });
        return showList(res, 400, { errors, values, problems });
      }
      req.log.info({ editionId: result.editionId, importMs: result.importMs }, 'framework edition imported');
      res.redirect(303, `${BASE}/${result.id}?imported=1`);
    },

    async show(req: SignedInRequest, res: Response) {
      await showEdition(req, res);
    },

    async downloadCsv(req: SignedInRequest, res: Response) {
      const page = await editionWithDiff(db, lib, String(req.params.editionId));
      const header = ['Change', 'Role level before', 'Role level after', 'Skill', 'Before', 'After'];
      const lines = diffRows(page.diff).map(csvRow);
      res
        .type('text/csv; charset=utf-8')
        .attachment(`${page.editionId}-compared-with-${page.against}.csv`)
        .send(`\uFEFF${[csvRow(header), ...lines].join('\r\n')}\r\n`);
    },

    async confirmRename(req: SignedInRequest, res: Response) {
      const form = parseForm(renameSchema, req.body);
      if (!form.ok) return showEdition(req, res, 400, renameErrors(form.errors));
      const result = await confirmRename(db, lib, req.user, String(req.params.editionId), form.data);
      if (!result.ok) return showEdition(req, res, 400, renameErrors(problemErrors(result.problems)));
      res.redirect(303, `${BASE}/${String(req.params.editionId)}?updated=rename`);
    },

    async publish(req: SignedInRequest, res: Response) {
      const form = parseForm(emptySchema, req.body);
      if (!form.ok) return showEdition(req, res, 400, form.errors);
      await publishEdition(db, lib, req.user, String(req.params.editionId));
      res.redirect(303, `${BASE}/${String(req.params.editionId)}?updated=published`);
    },

    async withdraw(req: SignedInRequest, res: Response) {
      const form = parseForm(emptySchema, req.body);
      if (!form.ok) return showEdition(req, res, 400, form.errors);
      const result = await withdrawEdition(db, lib, req.user, String(req.params.editionId));
      if (!result.ok) return showEdition(req, res, 400, problemErrors(result.problems));
      res.redirect(303, `${BASE}/${String(req.params.editionId)}?updated=withdrawn`);
    },
  };
}

/** A rename form has only hidden fields: its errors link to the list of proposals. */
function renameErrors(errors: FormErrors): FormErrors {
  return {
    fields: { rename: { text: errors.summary[0]?.text ?? 'Choose a proposed rename' } },
    summary: [{ text: errors.summary[0]?.text ?? 'Choose a proposed rename', href: '#renames' }],
  };
}

function textValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>))
    if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}
