import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Entries } from '../../domain/scoring.js';
import { progress, submitProblems } from '../../domain/scoring.js';
import { problemErrors, parseForm, type FormErrors } from '../../middleware/validate.js';
import { autosaveSchema, confirmSubmitSchema, sheetFormSchema } from './schemas.js';
import { openSheet, saveSheet, scoringContext, sheetOf, type ScoringContext } from './service.js';

// The autosave schema depends only on the frozen scoresheet version: build it once per version.
const autosaveSchemas = new Map<string, ReturnType<typeof autosaveSchema>>();
function autosaveSchemaFor(versionId: string, content: Parameters<typeof autosaveSchema>[0]) {
  let schema = autosaveSchemas.get(versionId);
  if (!schema) {
    if (autosaveSchemas.size >= 500) autosaveSchemas.delete(autosaveSchemas.keys().next().value!);
    schema = autosaveSchema(content);
    autosaveSchemas.set(versionId, schema);
  }
  return schema;
}

export function scoringController(db: Kysely<Database>) {
  const context = async (
    req: SignedInRequest,
    res: Response,
    next: NextFunction,
  ): Promise<ScoringContext | undefined> => {
    try {
      return await scoringContext(db, req.user, String(req.params.candidateId));
    } catch (err) {
      // A declaration still owed is a RedirectError: pages go to declare, JSON gets a 403.
      next(err);
      return undefined;
    }
  };

  const render = async (
    req: SignedInRequest,
    res: Response,
    ctx: ScoringContext,
    status = 200,
    extra: Record<string, unknown> = {},
  ) => {
    const { sheet, content, entries } = await openSheet(db, req.user, ctx);
    const shown: Entries = (extra.entries as Entries | undefined) ?? entries;
    res.status(status).render('pages/scoring/sheet', {
      pageTitle: `Score ${ctx.anonymised ? ctx.reference : (ctx.name ?? ctx.reference)}`,
      ctx,
      candidateLabel: ctx.anonymised ? ctx.reference : `${ctx.name ?? 'Name erased'} (${ctx.reference})`,
      sheet,
      content,
      entries: shown,
      saved: entries,
      progress: progress(content, shown),
      requestId: randomUUID(),
      ...extra,
    });
  };

  const renderCheck = async (
    req: SignedInRequest,
    res: Response,
    ctx: ScoringContext,
    status: number,
    extra: Record<string, unknown> = {},
  ) => {
    const { sheet, content, entries } = await openSheet(db, req.user, ctx);
    const label = ctx.anonymised ? ctx.reference : (ctx.name ?? ctx.reference);
    res.status(status).render('pages/scoring/check', {
      pageTitle: `Check your scores for ${label}`,
      ctx,
      candidateLabel: ctx.anonymised ? ctx.reference : `${ctx.name ?? 'Name erased'} (${ctx.reference})`,
      sheet,
      content,
      entries,
      submitted: sheet.submitted_at !== null,
      problems: sheet.submitted_at ? [] : submitProblems(content, entries, ctx.require_evidence),
      requireEvidence: ctx.require_evidence,
      requestId: randomUUID(),
      ...extra,
    });
  };

  return {
    async show(req: SignedInRequest, res: Response, next: NextFunction) {
      const ctx = await context(req, res, next);
      if (!ctx) return;
      await render(req, res, ctx, 200, {
        savedBanner: req.query.saved === '1',
        declaredBanner: req.query.declared === '1',
      });
    },

    /**
     * The whole sheet as posted (the no-JavaScript path, and "Check and submit" in any case): saved,
     * then either back to the sheet or on to check it before submitting. Submitting is only ever
     * done from the check page.
     */
    async save(req: SignedInRequest, res: Response, next: NextFunction) {
      const ctx = await context(req, res, next);
      if (!ctx) return;
      const opened = await sheetOf(db, req.user, ctx);
      const content = opened.content;
      const form = parseForm(sheetFormSchema(content), req.body);
      const typed = typedEntries(content.criteria, req.body as Record<string, unknown>);
      if (!form.ok) return render(req, res, ctx, 400, { errors: form.errors, entries: typed });
      const checking = form.data.submit;
      const result = await saveSheet(db, req.user, ctx, { ...form.data, submit: false }, opened);
      if (result.status === 'locked') return render(req, res, ctx, 409, { lockedMessage: true });
      if (result.status === 'conflict')
        return render(req, res, ctx, 409, { conflict: { mine: form.data.entries } });
      if (result.status === 'incomplete') {
        const errors: FormErrors = problemErrors(result.problems);
        return render(req, res, ctx, 400, { errors });
      }
      if (result.submitted)
        return res.redirect(303, `/interviews?submitted=${encodeURIComponent(ctx.candidateId)}`);
      if (checking) {
        // The whole sheet was posted, so what was saved is what to check.
        const problems = submitProblems(content, form.data.entries, ctx.require_evidence);
        if (problems.length) return render(req, res, ctx, 400, { errors: problemErrors(problems) });
        return res.redirect(303, `/interviews/${ctx.candidateId}/scoresheet/check`);
      }
      res.redirect(303, `/interviews/${ctx.candidateId}/scoresheet?saved=1`);
    },

    /** Check your answers: every score and note as saved, before the irreversible submit. */
    async check(req: SignedInRequest, res: Response, next: NextFunction) {
      const ctx = await context(req, res, next);
      if (!ctx) return;
      await renderCheck(req, res, ctx, 200);
    },

    async submit(req: SignedInRequest, res: Response, next: NextFunction) {
      const ctx = await context(req, res, next);
      if (!ctx) return;
      const form = parseForm(confirmSubmitSchema, req.body);
      if (!form.ok) return renderCheck(req, res, ctx, 400, { errors: form.errors });
      const result = await saveSheet(db, req.user, ctx, form.data);
      if (result.status === 'locked') return res.redirect(303, `/interviews/${ctx.candidateId}/scoresheet`);
      if (result.status === 'conflict') return renderCheck(req, res, ctx, 409, { changed: true });
      if (result.status === 'incomplete' || !result.submitted) return renderCheck(req, res, ctx, 400);
      res.redirect(303, `/interviews?submitted=${encodeURIComponent(ctx.candidateId)}`);
    },

    /** Autosave from the page's script: JSON in, JSON out. */
    async autosave(req: SignedInRequest, res: Response, next: NextFunction) {
      const ctx = await context(req, res, next);
      if (!ctx) return;
      const opened = await sheetOf(db, req.user, ctx);
      const parsed = autosaveSchemaFor(opened.version.id, opened.content).safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({
          error: 'invalid',
          problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
        return;
      }
      const result = await saveSheet(db, req.user, ctx, parsed.data, opened);
      if (result.status === 'locked')
        return void res.status(423).json({
          error: 'submitted',
          message: 'This scoresheet has been submitted and can no longer change',
        });
      if (result.status === 'conflict')
        return void res
          .status(409)
          .json({ error: 'conflict', revision: result.revision, entries: result.entries });
      if (result.status === 'incomplete') return void res.status(400).json({ error: 'incomplete' });
      res.json({ status: result.status, revision: result.revision, savedAt: result.savedAt.toISOString() });
    },
  };
}

function typedEntries(criteria: Array<{ id: string }>, body: Record<string, unknown>): Entries {
  return Object.fromEntries(
    criteria.map((c) => {
      const score = Number(body[`score-${c.id}`]);
      const evidence = body[`evidence-${c.id}`];
      return [
        c.id,
        {
          score: Number.isInteger(score) && score > 0 ? score : null,
          evidence: typeof evidence === 'string' ? evidence : '',
        },
      ];
    }),
  );
}
