import type { ColumnType, Generated } from 'kysely';

/**
 * Typed view of every table the SQL migrations in ./migrations create (and migrate.ts's own
 * schema_migration): one interface per table, named after it (`report_cell` → ReportCellTable), all in
 * the one DB interface below, so a table is typed wherever the database is. A column the database
 * fills when an insert leaves it out (`default …`, `serial`) is Generated<…> (GeneratedTimestamp,
 * GeneratedJsonb for the column types below); the rest are required on insert, nullable ones may be
 * left out. TABLES lists the same tables at run time (test/db/schema.test.ts compares it with the
 * migrated database).
 *
 * Read as: date → 'YYYY-MM-DD' string, bigint and numeric → number (database.ts sets the parsers),
 * jsonb → parsed value, arrays → arrays, bytea → Uint8Array.
 */

/** timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz with a default (usually now()). */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read parsed, written as JSON text. */
export type Jsonb<T> = ColumnType<T, string, string>;
/** jsonb with a default. */
export type GeneratedJsonb<T> = ColumnType<T, string | undefined, string>;

// ----- Organisation, intake, dispatch, survey (0001_core.sql, later columns noted) -----

export interface UnitTable {
  id: string;
  kind: 'nation' | 'county' | 'office' | 'team';
  name: string;
  parent_id: string | null;
  owner: Generated<'state' | 'municipal' | 'partnership'>;
  active: Generated<boolean>;
  valid_from: GeneratedTimestamp;
}

export interface UnitHistoryTable {
  unit_id: string;
  valid_from: Timestamp;
  valid_to: Timestamp;
  kind: string;
  name: string;
  parent_id: string | null;
  owner: string;
  active: boolean;
}

export interface EmployeeTable {
  id: string;
  name: string;
  unit_id: string;
  role: 'counselor' | 'leader' | 'staff';
  employer: Generated<'state' | 'municipal'>;
  email: string | null;
  active: Generated<boolean>;
  valid_from: GeneratedTimestamp;
}

export interface EmployeeHistoryTable {
  employee_id: string;
  valid_from: Timestamp;
  valid_to: Timestamp;
  name: string;
  unit_id: string;
  role: string;
  employer: string;
  active: boolean;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  key_hash: string;
  created_at: GeneratedTimestamp;
  revoked_at: Timestamp | null;
}

export interface CaseMixColumns {
  age_band: string | null;
  innsatsgruppe: string | null;
  benefit: string | null;
  recent_adverse_decision: boolean | null;
  interpreter_used: boolean | null;
  first_meeting: boolean | null;
}

export interface MeetingTable extends CaseMixColumns {
  id: Generated<string>;
  external_id: string;
  source: string;
  payload_hash: string;
  /** 0175_unlinkable_at_rest.sql. */
  fingerprint_after: string | null;
  starts_at: Timestamp | null;
  month: string;
  counselor_id: string;
  unit_id: string;
  channel: string;
  meeting_kind: string;
  language: string;
  exclusion_reason: string | null;
  received_at: GeneratedTimestamp;
}

export type InvitationState =
  'scheduled' | 'sending' | 'sent' | 'reminding' | 'reminded' | 'answered' | 'expired' | 'failed' | 'cancelled' | 'closed';

/** States in which the invitation went out ('closed': its link has expired, answered or not). */
export const SENT_STATES: readonly InvitationState[] = ['sent', 'reminding', 'reminded', 'answered', 'expired', 'closed'];

export interface InvitationTable {
  meeting_id: string;
  state: InvitationState;
  contact_email: string | null;
  contact_phone: string | null;
  contact_key: string | null;
  /** Salted keys of every contact given for the meeting, the delivery one included (0140); null on older rows. */
  contact_keys: string[] | null;
  language: string;
  next_action_at: Timestamp | null;
  lease_until: Timestamp | null;
  send_at: Timestamp;
  reminder_at: Timestamp | null;
  expires_at: Timestamp;
  sent_at: Timestamp | null;
  reminded_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  finalized_at: Timestamp | null;
}

export interface InvitationTokenTable {
  token_hash: string;
  meeting_id: string;
  purpose: 'invite' | 'reminder';
  created_at: GeneratedTimestamp;
}

export interface OptOutLinkTable {
  token_hash: string;
  contact_key: string;
  /** Keys of every contact of the person (0140); null on older links. */
  contact_keys: string[] | null;
  created_at: GeneratedTimestamp;
}

export interface OptOutTable {
  contact_key: string;
  opted_out_at: GeneratedTimestamp;
}

export interface ContactQuarantineTable {
  contact_key: string;
  last_invited_at: Timestamp;
}

export interface InstrumentTable {
  id: string;
  version: number;
  definition: Jsonb<unknown>;
  published_at: GeneratedTimestamp;
}

export interface ResponseTable extends CaseMixColumns {
  id: Generated<string>;
  instrument_id: string;
  instrument_version: number;
  counselor_id: string;
  unit_id: string;
  month: string;
  channel: string;
  meeting_kind: string;
  language: string;
  answers: (number | null)[];
  overall: number | null;
  nav_general: number | null;
  comment: string | null;
}

export interface AppSecretTable {
  name: string;
  value: string;
}

/** 0190_app_state.sql: facts about the installation (e.g. key 'demo_fill': 'filling' | 'complete'). */
export interface AppStateTable {
  key: string;
  value: string;
  updated_at: Generated<Timestamp>;
}

// ----- Access (0010_access.sql) -----

export type GrantedRole = 'leader' | 'county_analyst' | 'national_analyst' | 'administrator';

export interface RoleGrantTable {
  id: Generated<number>;
  employee_id: string;
  role: GrantedRole;
  unit_id: string | null;
  granted_at: GeneratedTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actor_id: string;
  action: string;
  subject_employee_id: string | null;
  unit_id: string | null;
  detail: GeneratedJsonb<unknown>;
}

// ----- Reporting (0020_reporting*.sql, 0150_results_digest.sql, 0160_disclosure.sql) -----

export interface CounselorSettingTable {
  employee_id: string;
  compare_with_averages: Generated<boolean>;
  /** The optional monthly results e-mail (0150). */
  monthly_digest: Generated<boolean>;
  digest_language: Generated<string>;
  updated_at: GeneratedTimestamp;
}

export interface ReportingSettingTable {
  name: string;
  enabled: boolean;
  updated_at: GeneratedTimestamp;
  updated_by: string;
}

/** Released table snapshots. */
export interface ReportSnapshotTable {
  year: number;
  computed_at: Timestamp;
}

export interface ReportCellTable {
  unit_id: string;
  period: string;
  year: number;
  /** The period has closed: its decision is kept from then on (0160). */
  closed: Generated<boolean>;
  answers: number;
  released: boolean;
  measures: Jsonb<unknown>;
  /** [registered, excluded, invited, answered] (0020_reporting_snapshot_dispatch.sql). */
  dispatch: GeneratedJsonb<unknown>;
  /** Per measure [answers, counselors], for the disclosure module only (0160). */
  counts: GeneratedJsonb<unknown>;
}

/** What each reader has been shown (0160_disclosure.sql). */
export interface DisclosureHistoryTable {
  reader_id: string;
  /** A counselor's answers at one unit (`counselor|unit`), or a unit's comparison average (`unit|id`). */
  subject: string;
  instrument_id: string;
  instrument_version: number;
  year: number;
  /** Per measure (and last, comments), a bit for each of the year's 16 fixed periods shown. */
  shown: number[];
}

/** The monthly results e-mail, claimed per counselor and month (0150_results_digest.sql). */
export interface DigestSentTable {
  employee_id: string;
  month: string;
  state: 'sending' | 'sent';
  lease_until: Timestamp | null;
  sent_at: Timestamp | null;
}

// ----- Sharing (0030_sharing.sql) -----

export type ShareWhat = 'figures' | 'comments';
export type GranteeKind = 'leader' | 'group';

export interface ColleagueGroupTable {
  id: Generated<number>;
  office_id: string;
  name: string;
  created_by: string;
  created_at: GeneratedTimestamp;
}

export interface ColleagueGroupMemberTable {
  id: Generated<number>;
  group_id: number;
  employee_id: string;
  added_at: GeneratedTimestamp;
  removed_at: Timestamp | null;
}

export interface ResultShareTable {
  id: Generated<number>;
  counselor_id: string;
  grantee_kind: GranteeKind;
  group_id: number | null;
  what: ShareWhat;
  created_at: GeneratedTimestamp;
  revoked_at: Timestamp | null;
}

// ----- Kollegaveiledning sessions (0192_circle_sessions.sql) -----

export type CircleStructure = 'case' | 'feedback_theme' | 'rule_or_tool';

export interface CircleSessionTable {
  id: Generated<number>;
  group_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place: string | null;
  video_link: string | null;
  facilitator_id: string;
  theme: string;
  structure: CircleStructure | null;
  areas: Generated<string[]>;
  uid: string;
  sequence: Generated<number>;
  cancelled_at: Timestamp | null;
  created_by: string;
  created_at: GeneratedTimestamp;
}

// ----- The office's competence activities (0194_competence_activity.sql) -----

export type CompetenceForm = 'fagmote' | 'case_forum' | 'mentor' | 'course' | 'peer_supervision' | 'other';

export interface CompetenceActivityTable {
  id: Generated<number>;
  office_id: string;
  form: CompetenceForm;
  title: string;
  led_by: string;
  target_group: string;
  /** A local date, YYYY-MM-DD (TIME_ZONE). */
  held_on: string;
  areas: Generated<string[]>;
  expected_outcome: string;
  observed_outcome: string | null;
  created_by: string;
  created_at: GeneratedTimestamp;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

export interface CircleInviteTable {
  session_id: number;
  employee_id: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  language: Generated<string>;
  state: 'pending' | 'sending' | 'sent';
  lease_until: Timestamp | null;
  sent_at: Timestamp | null;
}

// ----- Kollegaveiledning: discussion requests, session notes, language (0193_circle_discussions.sql) -----

export interface CircleDiscussionTable {
  id: Generated<number>;
  asker_id: string;
  /** One colleague, or else a group (exactly one of the two). */
  recipient_id: string | null;
  group_id: number | null;
  topic: string;
  created_at: GeneratedTimestamp;
}

export interface CircleDiscussionDoneTable {
  discussion_id: number;
  employee_id: string;
  done_at: GeneratedTimestamp;
}

export interface CircleSessionNoteTable {
  session_id: number;
  text: string;
  updated_by: string;
  updated_at: GeneratedTimestamp;
}

export interface EmployeePreferenceTable {
  employee_id: string;
  language: 'nb' | 'nn' | 'en';
  updated_at: GeneratedTimestamp;
}

export interface OfficePolicyTable {
  id: Generated<number>;
  office_id: string;
  includes_comments: Generated<boolean>;
  /** A local date, YYYY-MM-DD. */
  starts_on: string;
  published_at: GeneratedTimestamp;
  published_by: string;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
}

export interface CommentModerationTable {
  response_id: string;
  state: 'reported' | 'hidden' | 'kept';
  reported_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

// ----- Fair comparison (0050_fairness*.sql, 0120_fairness_*.sql; src/fairness/store.ts, fits.ts) -----

/** Months that gained or lost answers since the last refresh (filled by triggers on response; no key on purpose). */
export interface FairnessDirtyMonthTable {
  instrument_id: string;
  instrument_version: number;
  month: string;
}

/** One row, bumped by every refresh that changed the statistics. */
export interface FairnessGenerationTable {
  singleton: Generated<boolean>;
  generation: number;
}

/** A month's statistics for one item: `units` (counselor, unit, counselor, unit, …) with their sums packed in `sums`. */
export interface FairnessMonthStatsTable {
  instrument_id: string;
  instrument_version: number;
  month: string;
  item: number;
  covariates: string[];
  units: string[];
  /** Little-endian float8: n, Σy, Σy², Σx per unit of `units`. */
  sums: Uint8Array;
  /** National [n, Σy, Σy², Σx (k), Σxxᵀ (k×k), Σxy (k)]. */
  pooled: number[];
}

export interface FairnessYearStatsTable {
  instrument_id: string;
  instrument_version: number;
  year: number;
  item: number;
  covariates: string[];
  units: string[];
  sums: Uint8Array;
  pooled: number[];
  /** The refresh that last changed this year (fairness_generation). */
  generation: number;
  computed_at: Timestamp;
}

/** Fits kept by the worker; `fits` is a FairFits (src/fairness/report.ts). */
export interface FairnessFitTable {
  instrument_id: string;
  instrument_version: number;
  year: number;
  level: 'office' | 'counselor';
  generation: number;
  tree_key: string;
  computed_at: Timestamp;
  fits: Jsonb<unknown>;
}

// ----- Q-method studies (0100_qmethod_study.sql). Texts are jsonb objects keyed by language. -----

export interface QmethodStudyTable {
  id: string;
  title: string;
  languages: Jsonb<string[]>;
  instructions: Jsonb<Record<string, string>>;
  presort: Generated<boolean>;
  study_code: string | null;
  status: Generated<'draft' | 'open' | 'closed'>;
  created_at: GeneratedTimestamp;
}

export interface QmethodStatementTable {
  study_id: string;
  statement_id: string;
  ordinal: number;
  text: Jsonb<Record<string, string>>;
}

export interface QmethodGridColumnTable {
  study_id: string;
  position: number;
  capacity: number;
}

export interface QmethodPostsortQuestionTable {
  study_id: string;
  question_id: string;
  ordinal: number;
  text: Jsonb<Record<string, string>>;
}

export interface QmethodParticipantTable {
  id: string;
  study_id: string;
  label: string;
  created_at: GeneratedTimestamp;
}

export interface QmethodTokenTable {
  token_hash: string;
  participant_id: string;
  created_at: GeneratedTimestamp;
}

export interface QmethodSortTable {
  participant_id: string;
  study_id: string;
  presort: GeneratedJsonb<Record<string, string>>;
  placements: GeneratedJsonb<Record<string, number>>;
  postsort: GeneratedJsonb<Record<string, string>>;
  updated_at: GeneratedTimestamp;
  submitted_at: Timestamp | null;
}

// ----- Office and county questions (0110_local_questions.sql) -----

export type LocalQuestionStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'ended';

export interface LocalQuestionTable {
  id: Generated<number>;
  owner_unit_id: string;
  text: Jsonb<unknown>;
  /** First day of a month, YYYY-MM-01. */
  start_month: string;
  end_month: string;
  status: Generated<LocalQuestionStatus>;
  proposed_by: string;
  proposed_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  closed_by: string | null;
  closed_at: Timestamp | null;
  proposed_end_month: string;
}

export interface LocalAnswerTable {
  question_id: number;
  month: string;
  /** 0 = "don't know / not relevant", 1..6 the scale. */
  value: number;
  answers: number;
}

// ----- Web, retention, sessions, migrations -----

/** Requests counted per limit and client key in the current fixed window (0170_rate_limit.sql). */
export interface RateLimitTable {
  bucket: string;
  key_hash: string;
  window_start: Timestamp;
  expires_at: Timestamp;
  hits: number;
}

/** One row: when the responses were last rewritten in random order (0175_unlinkable_at_rest.sql). */
export interface ResponseShuffleTable {
  id: Generated<boolean>;
  shuffled_at: Timestamp;
}

/** 0176_employee_session.sql. */
export interface EmployeeSessionTable {
  id_hash: string;
  employee_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** 0191_reflection_note.sql: a counselor's private notes, only ever as ciphertext, and their wrapped data key. */
export interface ReflectionKeyTable {
  employee_id: string;
  wrapped_key: Uint8Array;
  created_at: GeneratedTimestamp;
}

export interface ReflectionNoteTable {
  id: Generated<number>;
  employee_id: string;
  period: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  ciphertext: Uint8Array;
}

/** How many lines of each deletion-ledger file this database has applied (0196; src/ledger). */
export interface DeletionLedgerAppliedTable {
  file: string;
  lines: number;
  applied_at: GeneratedTimestamp;
}

/** The migrations applied (created by migrate.ts itself). */
export interface SchemaMigrationTable {
  version: string;
  applied_at: GeneratedTimestamp;
}

export interface DB {
  unit: UnitTable;
  unit_history: UnitHistoryTable;
  employee: EmployeeTable;
  employee_history: EmployeeHistoryTable;
  api_key: ApiKeyTable;
  meeting: MeetingTable;
  invitation: InvitationTable;
  invitation_token: InvitationTokenTable;
  opt_out_link: OptOutLinkTable;
  opt_out: OptOutTable;
  contact_quarantine: ContactQuarantineTable;
  instrument: InstrumentTable;
  response: ResponseTable;
  app_secret: AppSecretTable;
  app_state: AppStateTable;
  role_grant: RoleGrantTable;
  audit_log: AuditLogTable;
  counselor_setting: CounselorSettingTable;
  reporting_setting: ReportingSettingTable;
  report_snapshot: ReportSnapshotTable;
  report_cell: ReportCellTable;
  disclosure_history: DisclosureHistoryTable;
  digest_sent: DigestSentTable;
  colleague_group: ColleagueGroupTable;
  colleague_group_member: ColleagueGroupMemberTable;
  circle_session: CircleSessionTable;
  circle_invite: CircleInviteTable;
  competence_activity: CompetenceActivityTable;
  circle_discussion: CircleDiscussionTable;
  circle_discussion_done: CircleDiscussionDoneTable;
  circle_session_note: CircleSessionNoteTable;
  employee_preference: EmployeePreferenceTable;
  result_share: ResultShareTable;
  office_policy: OfficePolicyTable;
  comment_moderation: CommentModerationTable;
  fairness_dirty_month: FairnessDirtyMonthTable;
  fairness_generation: FairnessGenerationTable;
  fairness_month_stats: FairnessMonthStatsTable;
  fairness_year_stats: FairnessYearStatsTable;
  fairness_fit: FairnessFitTable;
  qmethod_study: QmethodStudyTable;
  qmethod_statement: QmethodStatementTable;
  qmethod_grid_column: QmethodGridColumnTable;
  qmethod_postsort_question: QmethodPostsortQuestionTable;
  qmethod_participant: QmethodParticipantTable;
  qmethod_token: QmethodTokenTable;
  qmethod_sort: QmethodSortTable;
  local_question: LocalQuestionTable;
  local_answer: LocalAnswerTable;
  rate_limit: RateLimitTable;
  response_shuffle: ResponseShuffleTable;
  employee_session: EmployeeSessionTable;
  reflection_key: ReflectionKeyTable;
  reflection_note: ReflectionNoteTable;
  deletion_ledger_applied: DeletionLedgerAppliedTable;
  schema_migration: SchemaMigrationTable;
}

export type TableName = keyof DB;

/**
 * Every table of DB, at run time. `satisfies` makes the compiler refuse a table missing here or one
 * DB does not have, so the list cannot drift from the type; test/db/schema.test.ts holds it against the
 * tables a freshly migrated database has.
 */
const EVERY_TABLE = {
  unit: true,
  unit_history: true,
  employee: true,
  employee_history: true,
  api_key: true,
  meeting: true,
  invitation: true,
  invitation_token: true,
  opt_out_link: true,
  opt_out: true,
  contact_quarantine: true,
  instrument: true,
  response: true,
  app_secret: true,
  app_state: true,
  role_grant: true,
  audit_log: true,
  counselor_setting: true,
  reporting_setting: true,
  report_snapshot: true,
  report_cell: true,
  disclosure_history: true,
  digest_sent: true,
  colleague_group: true,
  colleague_group_member: true,
  circle_session: true,
  circle_invite: true,
  competence_activity: true,
  circle_discussion: true,
  circle_discussion_done: true,
  circle_session_note: true,
  employee_preference: true,
  result_share: true,
  office_policy: true,
  comment_moderation: true,
  fairness_dirty_month: true,
  fairness_generation: true,
  fairness_month_stats: true,
  fairness_year_stats: true,
  fairness_fit: true,
  qmethod_study: true,
  qmethod_statement: true,
  qmethod_grid_column: true,
  qmethod_postsort_question: true,
  qmethod_participant: true,
  qmethod_token: true,
  qmethod_sort: true,
  local_question: true,
  local_answer: true,
  rate_limit: true,
  response_shuffle: true,
  employee_session: true,
  reflection_key: true,
  reflection_note: true,
  deletion_ledger_applied: true,
  schema_migration: true,
} as const satisfies Record<TableName, true>;

export const TABLES: readonly TableName[] = Object.keys(EVERY_TABLE) as TableName[];
