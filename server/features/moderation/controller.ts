import { OUTCOME_LABELS } from '../../domain/labels.js';
import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import * as present from '../audit/present.js';
import { candidateAudit } from '../independence/service.js';
import { HttpError } from '../../errors.js';
import { problemErrors, parseForm, type FormErrors } from '../../middleware/validate.js';
import { panelCalibration } from '../fairness/service.js';
import { moderationSchema, reopenSchema } from './schemas.js';
import {
  loadModeration,
  moderationAccess,
  reopenModeration,
  saveModeration,
  type ModerationAccess,
  type ModerationView,
} from './service.js';

const OUTCOMES = OUTCOME_LABELS;

export function moderationController(db: Kysely<Database>) {
  const render = async (
    res: Response,
    access: ModerationAccess,
    status = 200,
    extra: Record<string, unknown> = {},
    view: ModerationView = access.view,
  ) => {
    res.status(status).render('pages/moderation/candidate', {
      pageTitle: `Moderate ${access.reference}`,
      access,
      candidateLabel:
        access.anonymised && !access.isOwner
          ? access.reference
          : `${access.name ?? 'Name erased'} (${access.reference})`,
      view,
      calibration: await panelCalibration(db, access.campaignId, access.panelId, access.viewerId),
      outcomes: OUTCOMES,
      ...extra,
    });
  };

  return {
    async show(req: SignedInRequest, res: Response) {
      const access = await moderationAccess(db, req.user, String(req.params.candidateId));
      await render(res, access, 200, { banner: req.query.done });
    },

    async save(req: SignedInRequest, res: Response) {
      const access = await moderationAccess(db, req.user, String(req.params.candidateId));
      const { view } = access;
      if (!view.content) throw new HttpError(409, 'Nothing to moderate yet');
      const form = parseForm(moderationSchema(view.content), req.body);
      if (!form.ok) return render(res, access, 400, { errors: form.errors, values: form.values });
      const { form: input, finalise } = form.data;
      const result = await saveModeration(db, req.user, access, input, finalise);
      if (!result.ok) {
        const errors: FormErrors = problemErrors(result.problems);
        // The draft was saved all the same: show it as it now stands.
        return render(res, access, 400, { errors }, await loadModeration(db, access));
      }
      res.redirect(303, `/moderation/${access.candidateId}?done=${result.finalised ? 'finalised' : 'saved'}`);
    },

    async audit(req: SignedInRequest, res: Response) {
      const access = await moderationAccess(db, req.user, String(req.params.candidateId));
      const entries = await candidateAudit(db, access.viewerId, access.campaignId, access.candidateId);
      res.render('pages/audit/list', {
        pageTitle: `Audit trail for ${access.reference}`,
        caption: `${access.campaignTitle}: ${access.reference}`,
        entries,
        present,
        backHref: `/moderation/${access.candidateId}`,
      });
    },

    async reopen(req: SignedInRequest, res: Response) {
      const access = await moderationAccess(db, req.user, String(req.params.candidateId));
      const form = parseForm(reopenSchema, req.body);
      if (!form.ok) return render(res, access, 400, { errors: form.errors, reopenValues: form.values });
      await reopenModeration(db, req.user, access, form.data.reason);
      res.redirect(303, `/moderation/${access.candidateId}?done=reopened`);
    },
  };
}
