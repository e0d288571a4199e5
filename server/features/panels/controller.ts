import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { checkDate, londonFormValues, type DatePart } from '../../domain/panels.js';
import { ownedCampaign } from '../campaigns/service.js';
import { problemErrors, parseForm, type FormErrors } from '../../middleware/validate.js';
import { memberSchema, panelSchema, rescheduleSchema, scheduleSchema } from './schemas.js';
import { parseSubmission } from '../submissions/schemas.js';
import * as service from './service.js';

/** The campaign owner's pages: panels, their members, and interview slots. */
export function panelsController(db: Kysely<Database>) {
  const campaignOf = (req: SignedInRequest) => ownedCampaign(db, req.user, String(req.params.id));
  const base = (req: SignedInRequest) => `/campaigns/${String(req.params.id)}/panels`;

  const renderIndex = async (
    req: SignedInRequest,
    res: Response,
    status: number,
    extra: Record<string, unknown>,
  ) => {
    const campaign = await campaignOf(req);
    const overview = await service.panelsOverview(db, campaign);
    res.status(status).render('pages/panels/index', {
      pageTitle: 'Panels and interviews',
      campaign,
      ...overview,
      values: {},
      ...extra,
    });
  };

  const renderPanel = async (
    req: SignedInRequest,
    res: Response,
    status: number,
    extra: Record<string, unknown>,
  ) => {
    const campaign = await campaignOf(req);
    const found = await service.campaignPanel(db, campaign, String(req.params.panelId));
    const overview = await service.panelsOverview(db, campaign);
    const panel = overview.panels.find((p) => p.id === found.id)!;
    res.status(status).render('pages/panels/panel', {
      pageTitle: panel.name,
      campaign,
      panel,
      values: {},
      added: req.query.added === '1',
      ...extra,
    });
  };

  const renderSchedule = async (
    req: SignedInRequest,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const campaign = await campaignOf(req);
    const choices = await service.schedulingChoices(db, campaign);
    res.status(status).render('pages/panels/schedule', {
      pageTitle: 'Schedule an interview',
      campaign,
      ...choices,
      values,
      errors,
      dateFields: errors ? dateFieldsToHighlight(values) : [],
    });
  };

  const renderInterview = async (
    req: SignedInRequest,
    res: Response,
    status: number,
    values?: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const campaign = await campaignOf(req);
    const candidate = await service.campaignCandidate(db, campaign, String(req.params.candidateId));
    const { panels } = await service.schedulingChoices(db, campaign);
    const scheduled = candidate.interview;
    res.status(status).render('pages/panels/interview', {
      pageTitle: `Interview for ${candidate.displayName}`,
      campaign,
      candidate,
      panels,
      values: values ?? (scheduled ? formValues(scheduled.panelId, scheduled.scheduledAt) : {}),
      errors,
      dateFields: errors && values ? dateFieldsToHighlight(values) : [],
    });
  };

  return {
    async list(req: SignedInRequest, res: Response) {
      await renderIndex(req, res, 200, {});
    },

    async create(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const form = parseSubmission(panelSchema, req.body);
      if (!form.ok) return renderIndex(req, res, 400, { values: form.values, errors: form.errors });
      const result = await service.createPanel(db, req.user, campaign, form.data.name, form.requestId);
      if (!result.ok)
        return renderIndex(req, res, 400, {
          values: req.body,
          errors: problemErrors(result.problems),
        });
      res.redirect(303, `${base(req)}/${result.created.id}`);
    },

    async show(req: SignedInRequest, res: Response) {
      await renderPanel(req, res, 200, {});
    },

    async rename(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const panel = await service.campaignPanel(db, campaign, String(req.params.panelId));
      const form = parseForm(panelSchema, req.body);
      if (!form.ok) return renderPanel(req, res, 400, { renameValues: form.values, errors: form.errors });
      const result = await service.renamePanel(db, req.user, campaign, panel, form.data.name);
      if (!result.ok)
        return renderPanel(req, res, 400, {
          renameValues: req.body,
          errors: problemErrors(result.problems),
        });
      res.redirect(303, `${base(req)}/${panel.id}`);
    },

    async remove(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const panel = await service.campaignPanel(db, campaign, String(req.params.panelId));
      await service.deletePanel(db, req.user, campaign, panel);
      res.redirect(303, base(req));
    },

    async addMember(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const panel = await service.campaignPanel(db, campaign, String(req.params.panelId));
      const form = parseSubmission(memberSchema, req.body);
      if (!form.ok) return renderPanel(req, res, 400, { values: form.values, errors: form.errors });
      const result = await service.addMember(db, req.user, campaign, panel, form.data, form.requestId);
      if (!result.ok)
        return renderPanel(req, res, 400, {
          values: req.body,
          errors: problemErrors(result.problems),
        });
      res.redirect(303, `${base(req)}/${panel.id}?added=1`);
    },

    async removeMember(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const panel = await service.campaignPanel(db, campaign, String(req.params.panelId));
      await service.removeMember(db, req.user, campaign, panel, String(req.params.userId));
      res.redirect(303, `${base(req)}/${panel.id}`);
    },

    async newInterview(req: SignedInRequest, res: Response) {
      const panel = typeof req.query.panel === 'string' ? req.query.panel : '';
      const candidate = typeof req.query.candidate === 'string' ? req.query.candidate : '';
      await renderSchedule(req, res, 200, { panelId: panel, candidateId: candidate });
    },

    async schedule(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const form = parseSubmission(scheduleSchema, req.body);
      if (!form.ok) return renderSchedule(req, res, 400, form.values, form.errors);
      const result = await service.scheduleInterview(db, req.user, campaign, form.data, form.requestId);
      if (!result.ok)
        return renderSchedule(
          req,
          res,
          400,
          req.body as Record<string, unknown>,
          problemErrors(result.problems),
        );
      res.redirect(303, `${base(req)}/${result.created.id}`);
    },

    async editInterview(req: SignedInRequest, res: Response) {
      await renderInterview(req, res, 200);
    },

    async reschedule(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const candidate = await service.campaignCandidate(db, campaign, String(req.params.candidateId));
      const form = parseForm(rescheduleSchema, req.body);
      if (!form.ok) return renderInterview(req, res, 400, form.values, form.errors);
      const result = await service.rescheduleInterview(db, req.user, campaign, {
        candidateId: candidate.id,
        ...form.data,
      });
      if (!result.ok)
        return renderInterview(
          req,
          res,
          400,
          req.body as Record<string, unknown>,
          problemErrors(result.problems),
        );
      res.redirect(303, `${base(req)}/${form.data.panelId}`);
    },

    async unschedule(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const candidate = await service.campaignCandidate(db, campaign, String(req.params.candidateId));
      await service.unscheduleInterview(db, req.user, campaign, candidate.id);
      res.redirect(303, base(req));
    },
  };
}

function formValues(panelId: string, scheduledAt: Date): Record<string, string> {
  const v = londonFormValues(scheduledAt);
  return {
    panelId,
    'interviewDate-day': v.day,
    'interviewDate-month': v.month,
    'interviewDate-year': v.year,
    interviewTime: v.time,
  };
}

/** Which of the day, month and year inputs to mark as wrong (the error message says why). */
function dateFieldsToHighlight(values: Record<string, unknown>): DatePart[] {
  const part = (name: DatePart) => {
    const value = values[`interviewDate-${name}`];
    return typeof value === 'string' ? value : '';
  };
  const checked = checkDate({ day: part('day'), month: part('month'), year: part('year') });
  return checked.ok ? [] : checked.fields;
}
