import type { Kysely } from 'kysely';
import type { Campaign, Database, PanelRole } from '../../db/types.js';
import { displayName } from '../../domain/candidates.js';
import { eligibleMembers, formatLondonDate, formatLondonTime, panelRoleLabels } from '../../domain/panels.js';
import { refuse, type Problem, type Result } from '../../domain/problems.js';
import { HttpError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/repository.js';
import { findUserByEmail, insertUser } from '../users/repository.js';
import { listDeclarations } from '../interviews/repository.js';
import * as repo from './repository.js';
import { isUuid } from '../../domain/ids.js';
import { isUniqueViolation, once } from '../submissions/service.js';

type Db = Kysely<Database>;
type Actor = Express.User;

// ---- Owners: panels, members and interview slots of a campaign they own ----

/** Everything the panels page shows: each panel with its members and interviews, and who is unscheduled. */
export async function panelsOverview(db: Db, campaign: Campaign) {
  const [panels, candidates] = await Promise.all([
    repo.listPanels(db, campaign.id),
    repo.listCandidates(db, campaign.id),
  ]);
  const [members, declarations] = await Promise.all([
    repo.listMembers(
      db,
      panels.map((p) => p.id),
    ),
    listDeclarations(
      db,
      candidates.filter((c) => c.interview).map((c) => c.id),
    ),
  ]);
  const label = (c: repo.CampaignCandidate) =>
    displayName(c, { anonymised: campaign.anonymised, viewerIsOwner: true });
  const schedule = candidates
    .flatMap((c) => (c.interview ? [{ ...c, interview: c.interview }] : []))
    .sort((a, b) => a.interview.scheduledAt.getTime() - b.interview.scheduledAt.getTime())
    .map((c) => ({
      candidateId: c.id,
      name: label(c),
      reference: c.reference,
      withdrawn: c.withdrawn,
      panelId: c.interview.panelId,
      panelName: panels.find((p) => p.id === c.interview.panelId)?.name ?? '',
      date: formatLondonDate(c.interview.scheduledAt),
      time: formatLondonTime(c.interview.scheduledAt),
    }));
  return {
    schedule,
    panels: panels.map((panel) => {
      const panelMembers = members.filter((m) => m.panelId === panel.id);
      return {
        ...panel,
        members: panelMembers.map((m) => ({ ...m, roleLabel: panelRoleLabels[m.role] })),
        interviews: schedule
          .filter((i) => i.panelId === panel.id)
          .map((i) => {
            const mine = declarations.filter((d) => d.candidateId === i.candidateId);
            const conflicted = panelMembers.filter((m) =>
              mine.some((d) => d.userId === m.userId && d.conflicted),
            );
            return {
              ...i,
              scoring: eligibleMembers(panelMembers, mine).map((m) => m.name),
              conflicted: conflicted.map((m) => ({
                name: m.name,
                description: mine.find((d) => d.userId === m.userId)?.description ?? '',
              })),
              undeclared: panelMembers.filter((m) => !mine.some((d) => d.userId === m.userId)).length,
            };
          }),
      };
    }),
    unscheduled: candidates
      .filter((c) => !c.interview && !c.withdrawn)
      .map((c) => ({ id: c.id, name: label(c), reference: c.reference })),
  };
}

/** The panel, if it belongs to the campaign (404 otherwise), with its members. */
export async function campaignPanel(db: Db, campaign: Campaign, panelId: string) {
  const panel = isUuid(panelId) ? await repo.findPanel(db, campaign.id, panelId) : undefined;
  if (!panel) throw notFound();
  return panel;
}

/**
 * Creates a panel once per request id. Two tabs naming the same panel are refused by the rule of one
 * panel per name in a campaign: the second gets that field error.
 */
export async function createPanel(db: Db, actor: Actor, campaign: Campaign, name: string, requestId: string) {
  const taken: Problem = { field: 'name', text: 'This campaign already has a panel with this name' };
  try {
    return await db.transaction().execute((trx) =>
      once(
        trx,
        actor,
        { requestId, kind: 'panel' },
        async () => {
          if (await repo.panelNameTaken(trx, campaign.id, name)) return refuse(taken);
          const panel = await repo.insertPanel(trx, campaign.id, name);
          await appendAudit(trx, {
            actor_id: actor.id,
            action: 'panel.created',
            entity_type: 'panel',
            entity_id: panel.id,
            campaign_id: campaign.id,
            after: { name },
          });
          return { ok: true, panel } as const;
        },
        (done) => ({ id: done.panel.id, count: 1 }),
      ),
    );
  } catch (e) {
    // Two owners naming a panel at the same moment: the unique constraint decides.
    if (isUniqueViolation(e)) return refuse(taken);
    throw e;
  }
}

export async function renamePanel(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  panel: repo.Panel,
  name: string,
): Promise<Result> {
  const taken: Problem = { field: 'name', text: 'This campaign already has a panel with this name' };
  if (name === panel.name) return { ok: true };
  try {
    return await db.transaction().execute(async (trx) => {
      if (
        name.toLowerCase() !== panel.name.toLowerCase() &&
        (await repo.panelNameTaken(trx, campaign.id, name))
      ) {
        return refuse(taken);
      }
      await repo.renamePanel(trx, panel.id, name);
      await appendAudit(trx, {
        actor_id: actor.id,
        action: 'panel.renamed',
        entity_type: 'panel',
        entity_id: panel.id,
        campaign_id: campaign.id,
        before: { name: panel.name },
        after: { name },
      });
      return { ok: true } as const;
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') return refuse(taken);
    throw e;
  }
}

/** A panel can be deleted only once it has no interviews: they are moved or cancelled first. */
export async function deletePanel(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  panel: repo.Panel,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if ((await repo.countInterviews(trx, panel.id)) > 0) {
      throw new HttpError(409, 'Move or cancel this panel’s interviews before deleting it');
    }
    await repo.deletePanel(trx, panel.id);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'panel.deleted',
      entity_type: 'panel',
      entity_id: panel.id,
      campaign_id: campaign.id,
      before: { name: panel.name },
    });
  });
}

/**
 * Adds a panel member by email; someone who has never signed in is added now and matched at first
 * sign-in, as co-owners are. A panel has at most one chair. Once per request id; from two tabs, the
 * second finds the person already on the panel (or the chair taken) and gets that field error, and
 * if both race, the members' primary key, the one-chair index or the users' email index refuses it.
 */
export async function addMember(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  panel: repo.Panel,
  form: { email: string; role: PanelRole },
  requestId: string,
) {
  const oneChair = (chairName: string): Problem => ({
    field: 'role',
    text: `This panel already has a chair (${chairName}): choose another role, or remove the chair first`,
  });
  const onPanel: Problem = { field: 'email', text: 'This person is already on this panel' };
  try {
    return await db.transaction().execute((trx) =>
      once(
        trx,
        actor,
        { requestId, kind: 'panel-member' },
        async () => {
          const existing = await findUserByEmail(trx, form.email);
          if (existing && !existing.active)
            return refuse({ field: 'email', text: 'This person’s account is deactivated' });
          if (existing && (await repo.findMemberRole(trx, panel.id, existing.id))) return refuse(onPanel);
          if (form.role === 'chair') {
            const chair = await repo.findChair(trx, panel.id);
            if (chair) return refuse(oneChair(chair.name));
          }
          // Checked before inviting anyone, so a refused form leaves no invitation behind.
          const user =
            existing ??
            (await insertUser(trx, { subject: null, email: form.email, name: form.email, roles: [] }));
          await repo.insertMember(trx, { panelId: panel.id, userId: user.id, role: form.role });
          await appendAudit(trx, {
            actor_id: actor.id,
            action: 'panel.member-added',
            entity_type: 'panel',
            entity_id: panel.id,
            campaign_id: campaign.id,
            after: { userId: user.id, role: form.role },
          });
          return { ok: true, userId: user.id } as const;
        },
        (done) => ({ id: done.userId, count: 1 }),
      ),
    );
  } catch (e) {
    // A chair added by someone else in the meantime: the one-chair index refuses the second.
    if (isUniqueViolation(e, 'panel_members_one_chair')) return refuse(oneChair('added just now'));
    // The same person added from two tabs at once: the member key (or the email index) refuses one.
    if (isUniqueViolation(e)) return refuse(onPanel);
    throw e;
  }
}

export async function removeMember(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  panel: repo.Panel,
  userId: string,
): Promise<void> {
  if (!isUuid(userId)) throw notFound();
  await db.transaction().execute(async (trx) => {
    const role = await repo.findMemberRole(trx, panel.id, userId);
    if (!role || !(await repo.deleteMember(trx, panel.id, userId))) throw notFound();
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'panel.member-removed',
      entity_type: 'panel',
      entity_id: panel.id,
      campaign_id: campaign.id,
      before: { userId, role },
    });
  });
}

/** The candidates an interview can be scheduled for: the campaign's, not withdrawn, not yet scheduled. */
export async function schedulingChoices(db: Db, campaign: Campaign) {
  const [panels, candidates] = await Promise.all([
    repo.listPanels(db, campaign.id),
    repo.listCandidates(db, campaign.id),
  ]);
  return {
    panels: panels.map((p) => ({ value: p.id, text: p.name })),
    candidates: candidates
      .filter((c) => !c.withdrawn && !c.interview)
      .map((c) => ({
        value: c.id,
        text: `${displayName(c, { anonymised: campaign.anonymised, viewerIsOwner: true })} (${c.reference})`,
      })),
  };
}

/** One of the campaign's candidates (404 for anyone else's) and their interview, if scheduled. */
export async function campaignCandidate(db: Db, campaign: Campaign, candidateId: string) {
  const candidate = isUuid(candidateId) ? await repo.findCandidate(db, campaign.id, candidateId) : undefined;
  if (!candidate) throw notFound();
  return {
    ...candidate,
    displayName: displayName(candidate, { anonymised: campaign.anonymised, viewerIsOwner: true }),
  };
}

/**
 * Schedules an interview for a candidate who has none, once per request id. The form lists only
 * unscheduled candidates, so a second tab scheduling the same candidate is refused with a field error
 * rather than silently moving the first tab's interview; the interviews' key (one per candidate)
 * refuses the second of two racing posts.
 */
export async function scheduleInterview(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  form: { candidateId: string; panelId: string; scheduledAt: Date },
  requestId: string,
) {
  const scheduled: Problem = {
    field: 'candidateId',
    text: 'This candidate already has an interview: change it from the candidate’s interview page',
  };
  const refused = await schedulingProblem(db, campaign, form);
  if (refused) return refuse(refused);
  try {
    return await db.transaction().execute((trx) =>
      once(
        trx,
        actor,
        { requestId, kind: 'interview' },
        async () => {
          if (await repo.findInterview(trx, form.candidateId)) return refuse(scheduled);
          await repo.insertInterview(trx, form);
          await appendAudit(trx, {
            actor_id: actor.id,
            action: 'interview.scheduled',
            entity_type: 'candidate',
            entity_id: form.candidateId,
            campaign_id: campaign.id,
            after: { panelId: form.panelId, scheduledAt: form.scheduledAt.toISOString() },
          });
          return { ok: true } as const;
        },
        // The answer leads to the panel's page: that is where the interview is found.
        () => ({ id: form.panelId, count: 1 }),
      ),
    );
  } catch (e) {
    if (isUniqueViolation(e)) return refuse(scheduled);
    throw e;
  }
}

/** Moves or re-times a candidate's interview (or schedules it, if it was cancelled meanwhile). */
export async function rescheduleInterview(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  form: { candidateId: string; panelId: string; scheduledAt: Date },
): Promise<Result> {
  const refused = await schedulingProblem(db, campaign, form);
  if (refused) return refuse(refused);
  await db.transaction().execute(async (trx) => {
    const before = await repo.findInterview(trx, form.candidateId);
    await repo.saveInterview(trx, form);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: before ? 'interview.rescheduled' : 'interview.scheduled',
      entity_type: 'candidate',
      entity_id: form.candidateId,
      campaign_id: campaign.id,
      before: before && { panelId: before.panel_id, scheduledAt: before.scheduled_at.toISOString() },
      after: { panelId: form.panelId, scheduledAt: form.scheduledAt.toISOString() },
    });
  });
  return { ok: true };
}

async function schedulingProblem(
  db: Db,
  campaign: Campaign,
  form: { candidateId: string; panelId: string },
): Promise<Problem | null> {
  const candidate = await repo.findCandidate(db, campaign.id, form.candidateId);
  if (!candidate) return { field: 'candidateId', text: 'Select a candidate from the list' };
  if (candidate.withdrawn)
    return { field: 'candidateId', text: 'This candidate has withdrawn: they cannot be interviewed' };
  if (!(await repo.findPanel(db, campaign.id, form.panelId)))
    return { field: 'panelId', text: 'Select a panel from the list' };
  return null;
}

export async function unscheduleInterview(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  candidateId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findInterview(trx, candidateId);
    if (!before) throw notFound();
    await repo.deleteInterview(trx, candidateId);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'interview.unscheduled',
      entity_type: 'candidate',
      entity_id: candidateId,
      campaign_id: campaign.id,
      before: { panelId: before.panel_id, scheduledAt: before.scheduled_at.toISOString() },
    });
  });
}
