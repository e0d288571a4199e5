import assert from 'node:assert/strict';
import type { Response } from 'superagent';
import type { PanelRole } from '../../../server/db/types.js';
import { addOwner } from '../../../server/features/campaigns/repository.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { actorFor, publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { pdfToText, removePdfs, writePdf } from '../../helpers/pdf.js';
import { waitUntilPrepared } from '../../helpers/prepared.js';
import { listRoutes, type RouteInfo } from '../../helpers/routes.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';

/**
 * Independence, swept over every GET route the router serves. Each kind of person (an owner, a
 * co-owner, an administrator, someone who only sits on panels) takes each seat on a panel (chair,
 * member, independent member) in one of four seatings. For "their" candidate, everyone else has
 * submitted marked evidence and distinct scores; they have not. Before they submit, no page, CSV,
 * PDF or JSON answer may carry another member's marker, and none may change when the others'
 * scores and notes change underneath (so nothing derived from them shows either). After they
 * submit, a chair or owner sees the others' scores on moderation, and a member their own sheet.
 */
const KINDS = ['owner', 'coOwner', 'administrator', 'panelOnly'] as const;
type Kind = (typeof KINDS)[number];
const SUBJECT: Record<Kind, string> = {
  owner: 'dev-hiring-manager',
  coOwner: 'dev-hiring-manager-2',
  administrator: 'dev-administrator',
  panelOnly: 'dev-member-1',
};
const SEATS: readonly PanelRole[] = ['chair', 'member', 'independent', 'member'];
const seatOf = (seating: number, kind: number) => SEATS[(kind + seating) % SEATS.length]!;

/** Routes that are not pages of the service: signing in, and health checks. */
const NOT_PAGES = /^\/(dev-sign-in|auth|health)\b/;
/** Further addresses of a route that show something else. */
const VARIANTS: Record<string, (p: Params) => string[]> = {
  '/reports/candidates/:candidateId/outcome.pdf': () => ['?names=yes'],
  '/campaigns/:id/fairness': (p) => [`?panel=${p.panelId}`],
  '/campaigns/:id/comparison': (p) => ['?sort=total', `?panel=${p.panelId}`],
};

type Params = Record<string, string>;

const marker = (candidate: number, author: number) => `qzvmark${candidate}x${author}`;
const scoreOf = (author: number) => 2 + author;

describe('independence: every GET route, for every kind of person in every seat', function () {
  this.timeout(600_000);
  let app: TestApp;
  let routes: RouteInfo[];

  before(async () => {
    app = await startTestApp();
    routes = listRoutes(app.app).filter((r) => r.method === 'GET' && !NOT_PAGES.test(r.path));
  });
  after(async () => {
    await removePdfs();
    await app.close();
  });

  for (let seating = 0; seating < SEATS.length; seating += 1) {
    const seats = KINDS.map((k, i) => `${k} as ${seatOf(seating, i)}`).join(', ');
    it(`withholds, then shows, the panel’s scores: ${seats}`, async () => {
      const failures = await sweepSeating(app, routes, seating);
      assert.deepEqual(failures, []);
    });
  }
});

type World = Awaited<ReturnType<typeof publishedCampaignWithPanel>>;

async function sweepSeating(app: TestApp, routes: RouteInfo[], seating: number): Promise<string[]> {
  const failures: string[] = [];
  for (const [k, kind] of KINDS.entries()) {
    // Two campaigns alike in every way but the scores and notes the others gave.
    const worlds = [await world(app, seating, k, 0), await world(app, seating, k, 2)] as const;
    const viewer = await actorFor(SUBJECT[kind]);
    const agent = await signIn(app, SUBJECT[kind]);
    const who = `${kind} as ${seatOf(seating, k)}`;
    const others = KINDS.map((_v, author) => author).filter((author) => author !== k);
    const [a, b] = worlds.map((w) => addressesOf(routes, paramsFor(w), viewer.id)) as [string[], string[]];
    // Opening a sheet for the first time starts it, and asking for a prepared summary prepares
    // one: settle both first, so that the two campaigns are compared in the same state.
    for (const addresses of [a, b]) await fetchAll(agent, addresses.filter(startsSomething));
    await settlePreparedReports(worlds.map((w) => w.campaign.id));

    const before: [Answers, Answers] = [await fetchAll(agent, a), await fetchAll(agent, b)];
    for (const [i, address] of a.entries()) {
      const texts = [before[0].get(address)!, before[1].get(b[i]!)!];
      for (const author of others)
        if (texts.some((text) => text.includes(marker(k, author))))
          failures.push(`${who}: ${address} shows ${marker(k, author)} before their own submit`);
      if (address !== b[i] && comparable(texts[0]!, worlds[0]) !== comparable(texts[1]!, worlds[1]))
        failures.push(`${who}: ${address} depends on the others’ scores before their own submit`);
    }

    for (const w of worlds) await submitMarked(SUBJECT[kind], w.candidates[0]!.id, w.criteria, k, k, 0);
    const [moderationA, moderationB] = worlds.map((w) => `/moderation/${w.candidates[0]!.id}`) as [
      string,
      string,
    ];
    const after = await fetchAll(agent, a);
    const afterB = (await fetchAll(agent, [moderationB])).get(moderationB)!;
    const moderates = kind === 'owner' || kind === 'coOwner' || seatOf(seating, k) === 'chair';
    if (moderates) {
      for (const author of others)
        if (!after.get(moderationA)!.includes(marker(k, author)))
          failures.push(`${who}: moderation does not show ${marker(k, author)} after their submit`);
      if (comparable(after.get(moderationA)!, worlds[0]) === comparable(afterB, worlds[1]))
        failures.push(`${who}: moderation does not show the others’ scores after their submit`);
    } else {
      for (const [address, text] of after)
        for (const author of others)
          if (text.includes(marker(k, author)))
            failures.push(`${who}: ${address} shows another member’s ${marker(k, author)}`);
      const sheet = `/interviews/${worlds[0].candidates[0]!.id}/scoresheet`;
      if (!after.get(sheet)?.includes(marker(k, k)))
        failures.push(`${who}: ${sheet} does not show their own submitted evidence`);
    }
  }
  return failures;
}

/**
 * A campaign with everyone seated on one panel and one candidate, whom everyone but person k has
 * scored (with scores raised by `shift` in the second campaign of a pair).
 */
async function world(app: TestApp, seating: number, k: number, shift: number): Promise<World> {
  const { db } = await testDatabase();
  const w = await publishedCampaignWithPanel(app, {
    ownerSubject: SUBJECT.owner,
    title: `Independence sweep ${seating}`,
    members: KINDS.map((k, i) => ({ subject: SUBJECT[k], role: seatOf(seating, i), declare: 'none' })),
    candidates: 1,
  });
  await addOwner(db, w.campaign.id, (await actorFor(SUBJECT.coOwner)).id, w.owner.id);
  // The same names in both campaigns, so that only the scores tell them apart.
  await db.updateTable('panels').set({ name: 'Sweep panel' }).where('id', '=', w.panel.id).execute();
  const candidate = w.candidates[0]!;
  const name = `Sweep Candidate ${k}`;
  await db.updateTable('candidates').set({ name, email: null }).where('id', '=', candidate.id).execute();
  for (const [author, kind] of KINDS.entries())
    if (author !== k) await submitMarked(SUBJECT[kind], candidate.id, w.criteria, k, author, shift);
  return w;
}

function paramsFor(w: World): Params {
  return {
    ...FIXED_PARAMS,
    id: w.campaign.id,
    campaignId: w.campaign.id,
    candidateId: w.candidates[0]!.id,
    panelId: w.panel.id,
    criterionId: w.criteria[0]!.id,
  };
}

/** An answer with the campaign's own identifiers named by their place, so two campaigns compare. */
function comparable(text: string, w: World): string {
  const names = new Map<string, string>([
    [w.campaign.id, 'CAMPAIGN'],
    [w.panel.id, 'PANEL'],
    ...w.candidates.map((c, i) => [c.id, `CANDIDATE-${i}`] as [string, string]),
    ...w.criteria.map((c, i) => [c.id, `CRITERION-${i}`] as [string, string]),
  ]);
  return text
    .replace(/\b[0-9a-f]{16,64}\b/g, 'HASH') // content hashes cover the campaign's own ids
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => names.get(id) ?? 'ID')
    .replace(/\b\d{1,2} [A-Z][a-z]+ \d{4}\b/g, 'DATE');
}

const startsSomething = (address: string) =>
  address.startsWith('/interviews/') || address.endsWith('/summary');

async function settlePreparedReports(campaignIds: string[]) {
  const { db } = await testDatabase();
  const rows = await db
    .selectFrom('prepared_reports')
    .select('id')
    .where('campaign_id', 'in', campaignIds)
    .execute();
  for (const row of rows) await waitUntilPrepared(row.id);
}

/** A member's submitted sheet: one score on every criterion, and marked evidence. */
async function submitMarked(
  subject: string,
  candidateId: string,
  criteria: ReadonlyArray<{ id: string }>,
  candidate: number,
  author: number,
  shift: number,
) {
  const scores = Object.fromEntries(criteria.map((c) => [c.id, scoreOf(author) + shift]));
  const note = (id: string) => `${marker(candidate, author)} on ${id}${shift ? ' (other world)' : ''}`;
  await submitScores(subject, candidateId, scores, note);
}

const FIXED_PARAMS: Params = {
  version: '1',
  role: 'software-developer',
  level: 'developer',
  skill: 'accessibility',
  slug: 'seeing-the-big-picture',
};

function addressesOf(routes: RouteInfo[], params: Params, viewerId: string): string[] {
  return routes.flatMap((route) => {
    const path = route.path.replace(/:(\w+)/g, (_m, name: string) =>
      route.path.startsWith('/admin/users/') ? viewerId : params[name]!,
    );
    return [path, ...(VARIANTS[route.path]?.(params) ?? []).map((query) => `${path}${query}`)];
  });
}

/** Each address's answer as text (a PDF's as its text), with what changes on every request taken out. */
type Answers = Map<string, string>;

async function fetchAll(agent: Agent, addresses: string[]): Promise<Answers> {
  const answers = new Map<string, string>();
  for (const address of addresses) {
    const res = await agent.get(address).redirects(0).buffer(true).parse(binary);
    answers.set(address, `${res.status} ${normalise(await textOf(res))}`);
  }
  return answers;
}

async function textOf(res: Response): Promise<string> {
  const body = res.body as Buffer;
  if (!/^application\/pdf/.test(res.headers['content-type'] ?? '')) return body.toString('utf8');
  const file = await writePdf(
    (out) => new Promise<void>((resolve, reject) => out.end(body, () => resolve()).on('error', reject)),
  );
  return pdfToText(file);
}

function normalise(text: string): string {
  return text
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/(name="(?:_csrf|requestId)" value=|name="csrf-token" content=)"[^"]*"/g, '$1""')
    .replace(/\b\d{1,2}:\d{2}(:\d{2})?\s*(am|pm)?\b/gi, 'TIME');
}

function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
  res.on('error', (err: Error) => done(err, Buffer.alloc(0)));
}
