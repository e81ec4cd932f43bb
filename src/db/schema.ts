import type { ColumnType, Generated } from 'kysely';

/** Typed view of the tables created by the SQL migrations in ./migrations. */

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UnitTable {
  id: string;
  kind: 'nation' | 'county' | 'office' | 'team';
  name: string;
  parent_id: string | null;
  owner: ColumnType<'state' | 'municipal' | 'partnership', 'state' | 'municipal' | 'partnership' | undefined>;
  active: ColumnType<boolean, boolean | undefined>;
  valid_from: DefaultTimestamp;
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
  employer: ColumnType<'state' | 'municipal', 'state' | 'municipal' | undefined>;
  email: string | null;
  active: ColumnType<boolean, boolean | undefined>;
  valid_from: DefaultTimestamp;
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
  created_at: DefaultTimestamp;
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
  fingerprint_after: string | null;
  starts_at: Timestamp | null;
  month: string;
  counselor_id: string;
  unit_id: string;
  channel: string;
  meeting_kind: string;
  language: string;
  exclusion_reason: string | null;
  received_at: DefaultTimestamp;
}

export type InvitationState =
  | 'scheduled'
  | 'sending'
  | 'sent'
  | 'reminding'
  | 'reminded'
  | 'answered'
  | 'expired'
  | 'failed'
  | 'cancelled'
  | 'closed';

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
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  finalized_at: Timestamp | null;
}

export interface InvitationTokenTable {
  token_hash: string;
  meeting_id: string;
  purpose: 'invite' | 'reminder';
  created_at: DefaultTimestamp;
}

export interface OptOutLinkTable {
  token_hash: string;
  contact_key: string;
  /** Keys of every contact of the person (0140); null on older links. */
  contact_keys: string[] | null;
  created_at: DefaultTimestamp;
}

export interface OptOutTable {
  contact_key: string;
  opted_out_at: DefaultTimestamp;
}

export interface ContactQuarantineTable {
  contact_key: string;
  last_invited_at: Timestamp;
}

export interface InstrumentTable {
  id: string;
  version: number;
  definition: ColumnType<unknown, string, string>;
  published_at: DefaultTimestamp;
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

export interface EmployeeSessionTable {
  id_hash: string;
  employee_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AppSecretTable {
  name: string;
  value: string;
}

export type GrantedRole = 'leader' | 'county_analyst' | 'national_analyst' | 'administrator';

export interface RoleGrantTable {
  id: Generated<number>;
  employee_id: string;
  role: GrantedRole;
  unit_id: string | null;
  granted_at: DefaultTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: DefaultTimestamp;
  actor_id: string;
  action: string;
  subject_employee_id: string | null;
  unit_id: string | null;
  detail: ColumnType<unknown, string | undefined, string>;
}

export interface DB {
  role_grant: RoleGrantTable;
  audit_log: AuditLogTable;
  app_secret: AppSecretTable;
  employee_session: EmployeeSessionTable;
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
}

// Q-method studies (migration 0100_qmethod_study.sql). Texts are jsonb objects keyed by language.
type Jsonb<T> = ColumnType<T, string, string>;

export interface QmethodStudyTable {
  id: string;
  title: string;
  languages: Jsonb<string[]>;
  instructions: Jsonb<Record<string, string>>;
  presort: boolean;
  study_code: string | null;
  status: ColumnType<'draft' | 'open' | 'closed', 'draft' | 'open' | 'closed' | undefined>;
  created_at: DefaultTimestamp;
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
  created_at: DefaultTimestamp;
}

export interface QmethodTokenTable {
  token_hash: string;
  participant_id: string;
  created_at: DefaultTimestamp;
}

export interface QmethodSortTable {
  participant_id: string;
  study_id: string;
  presort: ColumnType<Record<string, string>, string | undefined, string>;
  placements: ColumnType<Record<string, number>, string | undefined, string>;
  postsort: ColumnType<Record<string, string>, string | undefined, string>;
  updated_at: DefaultTimestamp;
  submitted_at: Timestamp | null;
}

// Declaration merging adds the Q-method tables to DB without touching its main declaration.
export interface DB {
  qmethod_study: QmethodStudyTable;
  qmethod_statement: QmethodStatementTable;
  qmethod_grid_column: QmethodGridColumnTable;
  qmethod_postsort_question: QmethodPostsortQuestionTable;
  qmethod_participant: QmethodParticipantTable;
  qmethod_token: QmethodTokenTable;
  qmethod_sort: QmethodSortTable;
}

// Reporting settings (migration 0020_reporting.sql).
export interface CounselorSettingTable {
  employee_id: string;
  compare_with_averages: boolean;
  /** The optional monthly results e-mail (0150). */
  monthly_digest: Generated<boolean>;
  digest_language: Generated<string>;
  updated_at: DefaultTimestamp;
}

export interface ReportingSettingTable {
  name: string;
  enabled: boolean;
  updated_at: DefaultTimestamp;
  updated_by: string;
}

export interface DB {
  counselor_setting: CounselorSettingTable;
  reporting_setting: ReportingSettingTable;
}

// Released table snapshots (migration 0020_reporting_snapshot.sql).
export interface ReportSnapshotTable {
  year: number;
  computed_at: Timestamp;
}

export interface ReportCellTable {
  unit_id: string;
  period: string;
  year: number;
  /** The period has closed: its decision is kept from then on (migration 0160_disclosure.sql). */
  closed: Generated<boolean>;
  answers: number;
  released: boolean;
  measures: ColumnType<unknown, string, string>;
  /** [registered, excluded, invited, answered] (migration 0020_reporting_snapshot_dispatch.sql). */
  dispatch: ColumnType<unknown, string | undefined, string>;
  /** Per measure [answers, counselors], for the disclosure module only (migration 0160_disclosure.sql). */
  counts: ColumnType<unknown, string | undefined, string>;
}

export interface DB {
  report_snapshot: ReportSnapshotTable;
  report_cell: ReportCellTable;
}
