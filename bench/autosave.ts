import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { sql } from 'kysely';
import pg from 'pg';
import { startTestApp, type TestApp } from '../test/helpers/app.js';
import { uniqueSuffix } from '../test/helpers/database.js';
import { publishedCampaignWithPanel } from '../test/helpers/factories.js';
import { csrfTokenFrom, parse } from '../test/helpers/html.js';
import { newPerson, signIn, type Agent } from '../test/helpers/sign-in.js';
import { SESSION_COOKIE } from '../server/app.js';
import { localClient, mapLimit, type Member } from './load.js';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A throwaway database next to the one DATABASE_URL names, dropped afterwards (even after a failure).
 * The named database is only used to connect; nothing is written to it.
 */
export async function withScratchDatabase<T>(baseUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const base = new URL(baseUrl);
  if (!LOCAL_HOSTS.has(base.hostname))
    throw new Error(`The bench only talks to a PostgreSQL server on 127.0.0.1, not ${base.hostname}`);
  const name = `bench_${uniqueSuffix()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

export type Panelist = {
  subject: string;
  candidateId: string;
  cookie: string;
  csrfToken: string;
  revision: number;
  /** How many saves this member has sent, across scenarios, so every save changes the text. */
  edits: number;
};

export type AutosaveRig = {
  app: TestApp;
  port: number;
  panelists: Panelist[];
  criteria: string[];
  /** The real autosave endpoint, one function per member. */
  autosaveMembers: (client: ReturnType<typeof localClient>) => Member[];
  /**
   * The same members posting to an autosave URL whose candidate id is not a UUID: every middleware runs
   * (session, sign-in, CSRF, logging, headers) and the answer is a JSON 404 before any scoring query.
   */
  floorMembers: (client: ReturnType<typeof localClient>) => Member[];
  bare: { port: number; members: (client: ReturnType<typeof localClient>) => Member[] };
  poolWaiting: () => number;
  poolMax: number;
  close: () => Promise<void>;
};

const PANEL_ROLES = ['chair', 'member', 'member', 'independent'] as const;

/**
 * The real app on 127.0.0.1 against the scratch database, with `count` panel members who each signed in
 * through the real OIDC flow (own session) and opened their own sheet (own CSRF token, own member sheet).
 * Members sit in panels of four, one candidate being interviewed per panel.
 */
export async function autosaveRig(count: number, log: (line: string) => void): Promise<AutosaveRig> {
  const app = await startTestApp();
  const { pool } = app.database;
  // Dropping the scratch database ends idle connections: that must not crash the bench.
  pool.on('error', () => {});
  try {
    return await setUp(app, count, log);
  } catch (err) {
    await app.close();
    await app.database.close();
    throw err;
  }
}

async function setUp(app: TestApp, count: number, log: (line: string) => void): Promise<AutosaveRig> {
  const { db, pool } = app.database;
  const { campaign, criteria } = await publishedCampaignWithPanel(app, { members: [], candidates: 1 });

  const t0 = performance.now();
  const people = Array.from({ length: count }, () => newPerson(app));
  const agents = await mapLimit(people, 8, (person) => signIn(app, person.subject));
  log(`  ${count} members signed in through the OIDC flow in ${Math.round(performance.now() - t0)} ms`);

  const users = await db
    .selectFrom('users')
    .select(['id', 'subject'])
    .where(
      'subject',
      'in',
      people.map((p) => p.subject),
    )
    .execute();
  const userIds = new Map(users.map((u) => [u.subject, u.id]));
  const panelCount = Math.ceil(count / PANEL_ROLES.length);
  const panels = await db
    .insertInto('panels')
    .values(
      Array.from({ length: panelCount }, (_v, i) => ({ campaign_id: campaign.id, name: `Bench ${i + 1}` })),
    )
    .returning('id')
    .execute();
  const candidates = await db
    .insertInto('candidates')
    .values(
      panels.map((_p, i) => ({
        campaign_id: campaign.id,
        reference: `B${String(i + 1).padStart(4, '0')}`,
        name: `Bench Candidate ${i + 1}`,
        email: `bench-candidate-${i + 1}-${uniqueSuffix()}@example.com`,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('interviews')
    .values(
      panels.map((p, i) => ({
        candidate_id: candidates[i]!.id,
        panel_id: p.id,
        scheduled_at: new Date(Date.UTC(2026, 11, 1, 9)),
      })),
    )
    .execute();
  const seats = people.map((person, i) => ({
    person,
    userId: userIds.get(person.subject)!,
    panelId: panels[Math.floor(i / PANEL_ROLES.length)]!.id,
    candidateId: candidates[Math.floor(i / PANEL_ROLES.length)]!.id,
    role: PANEL_ROLES[i % PANEL_ROLES.length]!,
  }));
  await db
    .insertInto('panel_members')
    .values(seats.map((s) => ({ panel_id: s.panelId, user_id: s.userId, role: s.role })))
    .execute();
  await db
    .insertInto('conflict_declarations')
    .values(
      seats.map((s) => ({
        candidate_id: s.candidateId,
        user_id: s.userId,
        conflicted: false,
        description: null,
      })),
    )
    .execute();

  // Opening the page creates the member's sheet and puts a CSRF token in their session.
  const panelists = await mapLimit(seats, 8, async (seat, i) => {
    const agent = agents[i]!;
    const page = await agent.get(`/interviews/${seat.candidateId}/scoresheet`).expect(200);
    return {
      subject: seat.person.subject,
      candidateId: seat.candidateId,
      cookie: sessionCookie(agent),
      csrfToken: csrfTokenFrom(page.text),
      revision: Number(parse(page.text)('input[name=baseRevision]').val()),
      edits: 0,
    };
  });

  const port = (app.server.address() as AddressInfo).port;
  const criterionIds = criteria.map((c) => c.id);
  const bare = await bareRoute(app);

  return {
    app,
    port,
    panelists,
    criteria: criterionIds,
    autosaveMembers: (client) => panelists.map((p) => autosaveMember(client, p, criterionIds)),
    floorMembers: (client) =>
      panelists.map((p) => autosaveMember(client, { ...p, candidateId: 'not-a-candidate' }, criterionIds)),
    bare: {
      port: bare.port,
      members: (client) => panelists.map((p, i) => bareMember(client, `member-${i}`, criterionIds)),
    },
    poolWaiting: () => pool.waitingCount,
    poolMax: app.config.database.poolMax,
    close: async () => {
      await new Promise<void>((resolve) => {
        bare.server.closeAllConnections();
        bare.server.close(() => resolve());
      });
      await app.close();
      await app.database.close();
    },
  };
}

const EVIDENCE =
  'Described leading a migration of a legacy service to the cloud: set up pairing, wrote the runbook, ' +
  'explained trade-offs to non-technical colleagues and handled an incident calmly. Gave a clear STAR ' +
  'example with measurable results; some detail missing on testing strategy.';

/** One panel member typing: every save changes one criterion's notes and names the revision it was based on. */
function autosaveMember(client: ReturnType<typeof localClient>, p: Panelist, criteria: string[]): Member {
  const path = `/interviews/${p.candidateId}/scoresheet/autosave`;
  const headers = { cookie: p.cookie, 'x-csrf-token': p.csrfToken };
  return async () => {
    const edit = ++p.edits;
    const criterion = criteria[edit % criteria.length]!;
    const body = JSON.stringify({
      baseRevision: p.revision,
      requestId: randomUUID(),
      entries: { [criterion]: { score: 1 + (edit % 7), evidence: `${EVIDENCE} (edit ${edit})` } },
    });
    const reply = await client.post(path, headers, body);
    if (reply.status === 200 || reply.status === 409) {
      const revision = (JSON.parse(reply.body) as { revision?: unknown }).revision;
      if (typeof revision === 'number') p.revision = revision;
    }
    return reply.status;
  };
}

function bareMember(client: ReturnType<typeof localClient>, member: string, criteria: string[]): Member {
  let edit = 0;
  return async () => {
    edit++;
    const body = JSON.stringify({
      member,
      requestId: randomUUID(),
      criterion: criteria[edit % criteria.length],
      score: 1 + (edit % 7),
      evidence: `${EVIDENCE} (edit ${edit})`,
    });
    return (await client.post('/bare', {}, body)).status;
  };
}

/**
 * The stack's own limit: Express 5 with the same JSON body parser, on the same kysely/pg pool, doing one
 * INSERT per request — no logging, headers, session, sign-in, CSRF or scoring logic.
 */
async function bareRoute(app: TestApp): Promise<{ server: Server; port: number }> {
  const { db } = app.database;
  await sql`create table bench_bare (
    id bigserial primary key,
    member text not null,
    request_id uuid not null,
    criterion_id text not null,
    score integer,
    evidence text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  const bare = express();
  bare.use(express.json({ limit: '200kb' }));
  bare.post('/bare', async (req, res) => {
    const b = req.body as {
      member: string;
      requestId: string;
      criterion: string;
      score: number;
      evidence: string;
    };
    const row = await sql<{
      id: number;
    }>`insert into bench_bare (member, request_id, criterion_id, score, evidence)
      values (${b.member}, ${b.requestId}, ${b.criterion}, ${b.score}, ${b.evidence}) returning id`.execute(
      db,
    );
    res.json({ status: 'saved', id: row.rows[0]!.id });
  });
  const server = createServer(bare);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** The session cookie the agent holds after signing in, to send from the load client. */
function sessionCookie(agent: Agent): string {
  const cookie = agent.jar.getCookie(SESSION_COOKIE, {
    domain: '127.0.0.1',
    path: '/',
    secure: false,
    script: false,
  });
  if (!cookie) throw new Error('No session cookie after signing in');
  return `${cookie.name}=${cookie.value}`;
}
