import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { parseForm, type FormErrors } from '../../middleware/validate.js';
import { DESCRIPTION_LIMIT, declarationSchema } from './schemas.js';
import * as service from './service.js';

/** The panel member's pages: their interviews, and a conflict of interest declaration per candidate. */
export function interviewsController(db: Kysely<Database>) {
  const renderConflict = async (
    req: SignedInRequest,
    res: Response,
    status: number,
    values?: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const member = await service.memberCandidate(db, req.user, String(req.params.candidateId));
    const declared = member.declaration;
    res.status(status).render('pages/interviews/conflict', {
      pageTitle: `Conflict of interest: ${member.candidate}`,
      member,
      limit: DESCRIPTION_LIMIT,
      lockedMessage: service.DECLARATION_LOCKED,
      values: values ?? {
        conflicted: declared ? (declared.conflicted ? 'yes' : 'no') : undefined,
        description: declared?.description ?? '',
      },
      errors,
    });
  };

  return {
    async list(req: SignedInRequest, res: Response) {
      const days = await service.interviewsOf(db, req.user);
      const named = (id: unknown) =>
        days.flatMap((d) => d.items).find((i) => i.candidateId === id)?.candidate;
      const submittedFor = named(req.query.submitted);
      res.render('pages/interviews/index', {
        pageTitle: submittedFor ? 'Scoresheet submitted: your interviews' : 'Your interviews',
        days,
        declaredFor: named(req.query.declared),
        submittedFor,
      });
    },

    async conflict(req: SignedInRequest, res: Response) {
      await renderConflict(req, res, 200);
    },

    async declare(req: SignedInRequest, res: Response) {
      const member = await service.memberCandidate(db, req.user, String(req.params.candidateId));
      service.assertDeclarationOpen(member);
      const form = parseForm(declarationSchema, req.body);
      if (!form.ok) return renderConflict(req, res, 400, form.values, form.errors);
      await service.declareConflict(db, req.user, member, form.data);
      // No conflict: straight on to the sheet, the reason for declaring.
      if (!form.data.conflicted && member.hasScoresheet)
        return res.redirect(303, `/interviews/${member.candidateId}/scoresheet?declared=1`);
      res.redirect(303, `/interviews?declared=${member.candidateId}`);
    },
  };
}
