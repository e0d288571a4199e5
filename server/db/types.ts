import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { PublishedScoresheet } from '../domain/published-scoresheet.js';

export type Role = 'administrator' | 'hiring_manager';
export const ROLES: readonly Role[] = ['administrator', 'hiring_manager'];

export interface UsersTable {
  id: Generated<string>;
  subject: string | null;
  email: string;
  name: string;
  /** Roles granted in this service by an administrator (or the ADMIN_EMAILS bootstrap). */
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  /** Roles granted by the identity provider's claims at the last sign-in. */
  claim_roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  last_signed_in_at: Date | null;
}

export interface SessionsTable {
  sid: string;
  sess: unknown;
  expire: Date;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Generated<Date>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  campaign_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  reason: string | null;
}

export type Grade = 'AA' | 'AO' | 'EO' | 'HEO' | 'SEO' | 'G7' | 'G6' | 'SCS1' | 'SCS2';
export type BehaviourFrameworkId = 'success-profiles' | 'cscf-2012';
export type ScaleId = 'civil-service-1-7' | 'ddat-skill-levels';
export type PassRule = 'every-criterion' | 'total' | 'every-criterion-and-total';
export type CriterionKind = 'skill' | 'behaviour' | 'technical' | 'experience' | 'strengths' | 'sfia';
export type PanelRole = 'chair' | 'member' | 'independent';

export interface CampaignsTable {
  id: Generated<string>;
  title: string;
  vacancy_reference: string;
  grade: Grade;
  ddat_edition: string;
  role_slug: string;
  role_level_slug: string;
  behaviour_framework: BehaviourFrameworkId;
  scale: ScaleId;
  anonymised: Generated<boolean>;
  pass_rule: Generated<PassRule>;
  overall_pass_mark: number | null;
  lead_criterion_id: string | null;
  require_evidence: Generated<boolean>;
  closed_at: Date | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CampaignOwnersTable {
  campaign_id: string;
  user_id: string;
  added_by: string | null;
  added_at: Generated<Date>;
}

export interface ScoresheetCriteriaTable {
  id: Generated<string>;
  campaign_id: string;
  position: number;
  kind: CriterionKind;
  source_id: string | null;
  title: string;
  required_level: string | null;
  descriptor: string | null;
  sfia_code: string | null;
  sfia_level: number | null;
  included: Generated<boolean>;
  weight: ColumnType<number, number | undefined, number>;
  pass_mark: number;
}

export interface ScoresheetVersionsTable {
  id: Generated<string>;
  campaign_id: string;
  version: number;
  /** Frozen at publication: written once as JSON text, read back parsed. */
  content: ColumnType<PublishedScoresheet, string, never>;
  content_hash: string;
  published_by: string;
  published_at: Generated<Date>;
}

export interface CandidatesTable {
  id: Generated<string>;
  campaign_id: string;
  reference: string;
  name: string | null;
  email: string | null;
  withdrawn_at: Date | null;
  erased_at: Date | null;
  created_at: Generated<Date>;
}

export interface PanelsTable {
  id: Generated<string>;
  campaign_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface PanelMembersTable {
  panel_id: string;
  user_id: string;
  role: PanelRole;
  added_at: Generated<Date>;
}

export interface InterviewsTable {
  candidate_id: string;
  panel_id: string;
  scheduled_at: Date;
}

export interface ConflictDeclarationsTable {
  candidate_id: string;
  user_id: string;
  conflicted: boolean;
  description: string | null;
  declared_at: Generated<Date>;
}

/** What kind of thing a creation form made; the request id of each form page is recorded once. */
export type SubmissionKind =
  | 'campaign'
  | 'criterion'
  | 'co-owner'
  | 'candidate'
  | 'candidate-import'
  | 'panel'
  | 'panel-member'
  | 'interview'
  | 'person';

export interface FormSubmissionsTable {
  request_id: string;
  user_id: string;
  kind: SubmissionKind;
  created_id: string | null;
  created_count: ColumnType<number, number | undefined, number>;
  created_at: Generated<Date>;
}

export interface MemberSheetsTable {
  id: Generated<string>;
  candidate_id: string;
  user_id: string;
  scoresheet_version_id: string;
  revision: Generated<number>;
  last_request_id: string | null;
  submitted_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MemberScoresTable {
  sheet_id: string;
  criterion_id: string;
  score: number | null;
  evidence: Generated<string>;
  updated_at: Generated<Date>;
}

export interface MemberScoreHistoryTable {
  id: Generated<number>;
  sheet_id: string;
  user_id: string;
  revision: number;
  criterion_id: string;
  score: number | null;
  evidence_length: number;
  evidence_sha256: string;
  recorded_at: Generated<Date>;
}

export type Outcome = 'appointable' | 'reserve' | 'not-appointable';

export interface ModerationsTable {
  candidate_id: string;
  scoresheet_version_id: string;
  state: Generated<'open' | 'finalised'>;
  outcome_override: Outcome | null;
  override_reason: string | null;
  feedback: Generated<string>;
  tie_break_note: string | null;
  finalised_at: Date | null;
  finalised_by: string | null;
  /** The result as given at finalisation, against this moderation's own version; null until then. */
  weighted_total: number | null;
  passed: boolean | null;
  outcome: Outcome | null;
  updated_at: Generated<Date>;
}

export interface AgreedScoresTable {
  candidate_id: string;
  criterion_id: string;
  score: number | null;
  rationale: Generated<string>;
  strengths: Generated<string>;
  development: Generated<string>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export type OfferStatus = 'offered' | 'accepted' | 'declined';

export interface MeritTieBreaksTable {
  candidate_id: string;
  position: number;
  reason: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export interface OffersTable {
  candidate_id: string;
  status: OfferStatus;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export type PreparedReportStatus = 'preparing' | 'ready' | 'failed';

export interface PreparedReportsTable {
  id: Generated<string>;
  campaign_id: string;
  requested_by: string;
  kind: 'campaign-summary';
  status: Generated<PreparedReportStatus>;
  file_name: string | null;
  content: Buffer | null;
  requested_at: Generated<Date>;
  finished_at: Date | null;
}

/** The sign-in rate limit's count for one key in one fixed window (shared by every instance). */
export interface RateLimitHitsTable {
  key: string;
  window_start: Date;
  expires_at: Date;
  hits: ColumnType<number, number | undefined, number>;
}

export interface Database {
  prepared_reports: PreparedReportsTable;
  merit_tie_breaks: MeritTieBreaksTable;
  offers: OffersTable;
  moderations: ModerationsTable;
  agreed_scores: AgreedScoresTable;
  member_sheets: MemberSheetsTable;
  member_scores: MemberScoresTable;
  member_score_history: MemberScoreHistoryTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  campaigns: CampaignsTable;
  campaign_owners: CampaignOwnersTable;
  scoresheet_criteria: ScoresheetCriteriaTable;
  scoresheet_versions: ScoresheetVersionsTable;
  candidates: CandidatesTable;
  panels: PanelsTable;
  panel_members: PanelMembersTable;
  interviews: InterviewsTable;
  conflict_declarations: ConflictDeclarationsTable;
  form_submissions: FormSubmissionsTable;
  rate_limit_hits: RateLimitHitsTable;
  framework_editions: FrameworkEditionsTable;
}

export type FrameworkEditionStatus = 'imported' | 'published' | 'withdrawn';

/** A Capability Framework edition imported in the browser; content and sources never change. */
export interface FrameworkEditionsTable {
  id: Generated<string>;
  edition_id: string;
  framework: ColumnType<'ddat-pcf', 'ddat-pcf' | undefined, never>;
  release_date: ColumnType<string, string, never>;
  status: ColumnType<FrameworkEditionStatus, FrameworkEditionStatus | undefined, FrameworkEditionStatus>;
  /** The edition folder's files: { "edition.json", "roles.json", "skills.json" }. */
  content: ColumnType<Record<string, unknown>, string, never>;
  content_hash: ColumnType<string, string, never>;
  /** { roles, skills, grades }: sha256 of each uploaded file (grades null when none was given). */
  sources: ColumnType<Record<string, string | null>, string, never>;
  imported_by: ColumnType<string, string, never>;
  imported_at: ColumnType<Date, never, never>;
  /** Confirmed renames against the default edition when it was compared: old level key → new. */
  renames: ColumnType<Record<string, string>, string | undefined, string>;
  published_by: string | null;
  published_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
}

export type Campaign = Selectable<CampaignsTable>;
export type Criterion = Selectable<ScoresheetCriteriaTable>;
export type NewCriterion = Insertable<ScoresheetCriteriaTable>;
export type ScoresheetVersion = Selectable<ScoresheetVersionsTable>;

export type DbHandle = Kysely<Database> | Transaction<Database>;

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export type NewAuditEntry = {
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  campaign_id?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};
