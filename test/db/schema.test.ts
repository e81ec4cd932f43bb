import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type InsertType, type SelectType } from 'kysely';
import { migrate } from '../../src/db/migrate.ts';
import { TABLES, type DB, type TableName } from '../../src/db/schema.ts';
import { freshDatabase } from '../support/db.ts';

/**
 * The Kysely types (src/db/schema.ts) against what the migrations create.
 *
 * Tables: TABLES is held to DB by the compiler (schema.ts), and here to the tables of a freshly migrated database.
 * Columns: COLUMNS below is held to DB by the compiler (every column of every table, each with the kind its type
 * gives it) and here to the columns of the migrated database, so a column added, dropped, made nullable or given
 * a default by a migration fails one or the other until schema.ts says the same.
 */

/**
 * What a column's type says: nullable (null is read), default (not null, insert may leave it out: Generated…), required.
 * A jsonb column read as `unknown` (which swallows null) counts as not null.
 */
type ColumnKind<C> = unknown extends SelectType<C> ? NotNullKind<C> : null extends SelectType<C> ? 'nullable' : NotNullKind<C>;
type NotNullKind<C> = undefined extends InsertType<C> ? 'default' : 'required';
type Columns = { [T in TableName]: { [C in keyof DB[T]]: ColumnKind<DB[T][C]> } };

const COLUMNS = {
  api_key: {
    id: 'required',
    name: 'required',
    key_hash: 'required',
    created_at: 'default',
    revoked_at: 'nullable',
  },
  app_secret: {
    name: 'required',
    value: 'required',
  },
  app_state: {
    key: 'required',
    value: 'required',
    updated_at: 'default',
  },
  audit_log: {
    id: 'default',
    at: 'default',
    actor_id: 'required',
    action: 'required',
    subject_employee_id: 'nullable',
    unit_id: 'nullable',
    detail: 'default',
  },
  circle_invite: {
    session_id: 'required',
    employee_id: 'required',
    sequence: 'required',
    method: 'required',
    language: 'default',
    state: 'required',
    lease_until: 'nullable',
    sent_at: 'nullable',
  },
  circle_discussion: {
    id: 'default',
    asker_id: 'required',
    recipient_id: 'nullable',
    group_id: 'nullable',
    topic: 'required',
    created_at: 'default',
  },
  circle_discussion_done: {
    discussion_id: 'required',
    employee_id: 'required',
    done_at: 'default',
  },
  circle_session_note: {
    session_id: 'required',
    text: 'required',
    updated_by: 'required',
    updated_at: 'default',
  },
  employee_preference: {
    employee_id: 'required',
    language: 'required',
    updated_at: 'default',
  },
  circle_session: {
    id: 'default',
    group_id: 'required',
    starts_at: 'required',
    ends_at: 'required',
    place: 'nullable',
    video_link: 'nullable',
    facilitator_id: 'required',
    theme: 'required',
    structure: 'nullable',
    areas: 'default',
    uid: 'required',
    sequence: 'default',
    cancelled_at: 'nullable',
    created_by: 'required',
    created_at: 'default',
  },
  competence_activity: {
    id: 'default',
    office_id: 'required',
    form: 'required',
    title: 'required',
    led_by: 'required',
    target_group: 'required',
    held_on: 'required',
    areas: 'default',
    expected_outcome: 'required',
    observed_outcome: 'nullable',
    created_by: 'required',
    created_at: 'default',
    updated_by: 'nullable',
    updated_at: 'nullable',
  },
  colleague_group: {
    id: 'default',
    office_id: 'required',
    name: 'required',
    created_by: 'required',
    created_at: 'default',
  },
  colleague_group_member: {
    id: 'default',
    group_id: 'required',
    employee_id: 'required',
    added_at: 'default',
    removed_at: 'nullable',
  },
  comment_moderation: {
    response_id: 'required',
    state: 'required',
    reported_at: 'required',
    decided_at: 'nullable',
    decided_by: 'nullable',
  },
  contact_quarantine: {
    contact_key: 'required',
    last_invited_at: 'required',
  },
  counselor_setting: {
    employee_id: 'required',
    compare_with_averages: 'default',
    updated_at: 'default',
    monthly_digest: 'default',
    digest_language: 'default',
  },
  deletion_ledger_applied: {
    file: 'required',
    lines: 'required',
    applied_at: 'default',
  },
  digest_sent: {
    employee_id: 'required',
    month: 'required',
    state: 'required',
    lease_until: 'nullable',
    sent_at: 'nullable',
  },
  disclosure_history: {
    reader_id: 'required',
    subject: 'required',
    instrument_id: 'required',
    instrument_version: 'required',
    year: 'required',
    shown: 'required',
  },
  employee: {
    id: 'required',
    name: 'required',
    unit_id: 'required',
    role: 'required',
    employer: 'default',
    email: 'nullable',
    active: 'default',
    valid_from: 'default',
  },
  employee_history: {
    employee_id: 'required',
    valid_from: 'required',
    valid_to: 'required',
    name: 'required',
    unit_id: 'required',
    role: 'required',
    employer: 'required',
    active: 'required',
  },
  employee_session: {
    id_hash: 'required',
    employee_id: 'required',
    created_at: 'required',
    expires_at: 'required',
    revoked_at: 'nullable',
  },
  fairness_dirty_month: {
    instrument_id: 'required',
    instrument_version: 'required',
    month: 'required',
  },
  fairness_fit: {
    instrument_id: 'required',
    instrument_version: 'required',
    year: 'required',
    level: 'required',
    generation: 'required',
    tree_key: 'required',
    computed_at: 'required',
    fits: 'required',
  },
  fairness_generation: {
    singleton: 'default',
    generation: 'required',
  },
  fairness_month_stats: {
    instrument_id: 'required',
    instrument_version: 'required',
    month: 'required',
    item: 'required',
    covariates: 'required',
    units: 'required',
    sums: 'required',
    pooled: 'required',
  },
  fairness_year_stats: {
    instrument_id: 'required',
    instrument_version: 'required',
    year: 'required',
    item: 'required',
    covariates: 'required',
    units: 'required',
    sums: 'required',
    pooled: 'required',
    generation: 'required',
    computed_at: 'required',
  },
  instrument: {
    id: 'required',
    version: 'required',
    definition: 'required',
    published_at: 'default',
  },
  invitation: {
    meeting_id: 'required',
    state: 'required',
    contact_email: 'nullable',
    contact_phone: 'nullable',
    contact_key: 'nullable',
    language: 'required',
    next_action_at: 'nullable',
    lease_until: 'nullable',
    send_at: 'required',
    reminder_at: 'nullable',
    expires_at: 'required',
    sent_at: 'nullable',
    reminded_at: 'nullable',
    attempts: 'default',
    last_error: 'nullable',
    finalized_at: 'nullable',
    contact_keys: 'nullable',
  },
  invitation_token: {
    token_hash: 'required',
    meeting_id: 'required',
    purpose: 'required',
    created_at: 'default',
  },
  local_answer: {
    question_id: 'required',
    month: 'required',
    value: 'required',
    answers: 'required',
  },
  local_question: {
    id: 'default',
    owner_unit_id: 'required',
    text: 'required',
    start_month: 'required',
    end_month: 'required',
    status: 'default',
    proposed_by: 'required',
    proposed_at: 'required',
    decided_by: 'nullable',
    decided_at: 'nullable',
    decision_reason: 'nullable',
    closed_by: 'nullable',
    closed_at: 'nullable',
    proposed_end_month: 'required',
  },
  meeting: {
    id: 'default',
    external_id: 'required',
    source: 'required',
    payload_hash: 'required',
    starts_at: 'nullable',
    month: 'required',
    counselor_id: 'required',
    unit_id: 'required',
    channel: 'required',
    meeting_kind: 'required',
    language: 'required',
    age_band: 'nullable',
    innsatsgruppe: 'nullable',
    benefit: 'nullable',
    recent_adverse_decision: 'nullable',
    interpreter_used: 'nullable',
    first_meeting: 'nullable',
    exclusion_reason: 'nullable',
    received_at: 'default',
    fingerprint_after: 'nullable',
  },
  office_policy: {
    id: 'default',
    office_id: 'required',
    includes_comments: 'default',
    starts_on: 'required',
    published_at: 'default',
    published_by: 'required',
    withdrawn_at: 'nullable',
    withdrawn_by: 'nullable',
  },
  opt_out: {
    contact_key: 'required',
    opted_out_at: 'default',
  },
  opt_out_link: {
    token_hash: 'required',
    contact_key: 'required',
    created_at: 'default',
    contact_keys: 'nullable',
  },
  qmethod_grid_column: {
    study_id: 'required',
    position: 'required',
    capacity: 'required',
  },
  qmethod_participant: {
    id: 'required',
    study_id: 'required',
    label: 'required',
    created_at: 'default',
  },
  qmethod_postsort_question: {
    study_id: 'required',
    question_id: 'required',
    ordinal: 'required',
    text: 'required',
  },
  qmethod_sort: {
    participant_id: 'required',
    study_id: 'required',
    presort: 'default',
    placements: 'default',
    postsort: 'default',
    updated_at: 'default',
    submitted_at: 'nullable',
  },
  qmethod_statement: {
    study_id: 'required',
    statement_id: 'required',
    ordinal: 'required',
    text: 'required',
  },
  qmethod_study: {
    id: 'required',
    title: 'required',
    languages: 'required',
    instructions: 'required',
    presort: 'default',
    study_code: 'nullable',
    status: 'default',
    created_at: 'default',
  },
  qmethod_token: {
    token_hash: 'required',
    participant_id: 'required',
    created_at: 'default',
  },
  rate_limit: {
    bucket: 'required',
    key_hash: 'required',
    window_start: 'required',
    expires_at: 'required',
    hits: 'required',
  },
  reflection_key: {
    employee_id: 'required',
    wrapped_key: 'required',
    created_at: 'default',
  },
  reflection_note: {
    id: 'default',
    employee_id: 'required',
    period: 'required',
    created_at: 'required',
    updated_at: 'required',
    ciphertext: 'required',
  },
  report_cell: {
    unit_id: 'required',
    period: 'required',
    year: 'required',
    answers: 'required',
    released: 'required',
    measures: 'required',
    dispatch: 'default',
    closed: 'default',
    counts: 'default',
  },
  report_snapshot: {
    year: 'required',
    computed_at: 'required',
  },
  reporting_setting: {
    name: 'required',
    enabled: 'required',
    updated_at: 'default',
    updated_by: 'required',
  },
  response: {
    id: 'default',
    instrument_id: 'required',
    instrument_version: 'required',
    counselor_id: 'required',
    unit_id: 'required',
    month: 'required',
    channel: 'required',
    meeting_kind: 'required',
    language: 'required',
    age_band: 'nullable',
    innsatsgruppe: 'nullable',
    benefit: 'nullable',
    recent_adverse_decision: 'nullable',
    interpreter_used: 'nullable',
    first_meeting: 'nullable',
    answers: 'required',
    overall: 'nullable',
    nav_general: 'nullable',
    comment: 'nullable',
  },
  response_shuffle: {
    id: 'default',
    shuffled_at: 'required',
  },
  result_share: {
    id: 'default',
    counselor_id: 'required',
    grantee_kind: 'required',
    group_id: 'nullable',
    what: 'required',
    created_at: 'default',
    revoked_at: 'nullable',
  },
  role_grant: {
    id: 'default',
    employee_id: 'required',
    role: 'required',
    unit_id: 'nullable',
    granted_at: 'default',
  },
  schema_migration: {
    version: 'required',
    applied_at: 'default',
  },
  unit: {
    id: 'required',
    kind: 'required',
    name: 'required',
    parent_id: 'nullable',
    owner: 'default',
    active: 'default',
    valid_from: 'default',
  },
  unit_history: {
    unit_id: 'required',
    valid_from: 'required',
    valid_to: 'required',
    kind: 'required',
    name: 'required',
    parent_id: 'nullable',
    owner: 'required',
    active: 'required',
  },
} satisfies Columns;

describe('database types', () => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    handle = await freshDatabase({ migrated: false });
    await migrate(handle.db);
  });
  afterAll(async () => handle.close());

  it('type every table the migrations create, and no other', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(handle.db);
    expect([...TABLES].sort()).toEqual(rows.map((r) => r.table_name).sort());
  });

  it('type every column as the database has it: present, nullable, with a default', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO'; column_default: string | null }>`
      select c.table_name, c.column_name, c.is_nullable, c.column_default
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema()`.execute(handle.db);
    const inDatabase: Record<string, Record<string, string>> = {};
    for (const r of rows) {
      (inDatabase[r.table_name] ??= {})[r.column_name] =
        r.is_nullable === 'YES' ? 'nullable' : r.column_default !== null ? 'default' : 'required';
    }
    expect(inDatabase).toEqual(COLUMNS);
  });
});
