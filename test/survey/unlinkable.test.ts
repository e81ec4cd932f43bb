import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeFinishedInvitations } from '../../src/retention/invitations.ts';
import { shuffleRecentResponses } from '../../src/retention/shuffle.ts';
import { closingRulesOf } from '../../src/time/closing.ts';
import { dispatchCounts } from '../../src/disclosure/counts.ts';
import { loadConfig } from '../../src/core/config.ts';
import { createInvitation, formBody, sha256Hex, surveyTestApp, validForm, type SurveyTestApp, type TestInvitation } from './helpers.ts';

/**
 * After a submission, look at every column of every table and check that nothing connects the
 * stored response to the invitation, its token, the contact or the exact meeting time.
 */
describe('unlinkable storage', () => {
  let t: SurveyTestApp;
  let inv: TestInvitation;
  let responseId: string;
  let meeting: { external_id: string; starts_at: Date | null; received_at: Date };
  const COMMENT = 'Unik kommentar 7f3a9c';

  beforeAll(async () => {
    t = await surveyTestApp();
    // Some other invitations in the same month, so the database is not trivially small.
    for (let i = 0; i < 3; i++) await createInvitation(t.db);
    inv = await createInvitation(t.db);
    meeting = await t.db
      .selectFrom('meeting')
      .select(['external_id', 'starts_at', 'received_at'])
      .where('id', '=', inv.meetingId)
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${inv.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(validForm({ comment: COMMENT })),
    });
    expect(res.statusCode).toBe(303);
    responseId = (await t.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function allColumns() {
    const result = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(t.db);
    return result.rows;
  }

  /** Every (table, column) whose value, as text, contains the needle. */
  async function whereFound(needle: string) {
    const hits: string[] = [];
    for (const c of await allColumns()) {
      const result = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(c.table_name)} where ${sql.ref(c.column_name)}::text like ${'%' + needle + '%'}`.execute(
        t.db,
      );
      if (result.rows[0].n > 0) hits.push(`${c.table_name}.${c.column_name}`);
    }
    return hits;
  }

  it('stores exactly one response, with the answers and reporting fields', async () => {
    const rows = await t.db.selectFrom('response').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      counselor_id: 'counselor-1',
      unit_id: 'team-1',
      month: '2026-03-01',
      channel: 'in_person',
      meeting_kind: 'follow_up',
      language: 'nb',
      age_band: '30_39',
      innsatsgruppe: 'situasjonsbestemt',
      benefit: 'aap',
      recent_adverse_decision: false,
      interpreter_used: true,
      first_meeting: false,
      comment: COMMENT,
    });
  });

  it('the response table has no timestamp and no column that could hold an invitation, token or contact', async () => {
    const columns = (await allColumns()).filter((c) => c.table_name === 'response');
    expect(columns.map((c) => c.column_name).sort()).toEqual(
      [
        'id',
        'instrument_id',
        'instrument_version',
        'counselor_id',
        'unit_id',
        'month',
        'channel',
        'meeting_kind',
        'language',
        'age_band',
        'innsatsgruppe',
        'benefit',
        'recent_adverse_decision',
        'interpreter_used',
        'first_meeting',
        'answers',
        'overall',
        'nav_general',
        'comment',
      ].sort(),
    );
    const timeTyped = columns.filter((c) => /timestamp|time/.test(c.data_type));
    expect(timeTyped).toEqual([]);
    // The month is a month: the first day, never the meeting date.
    const month = (await t.db.selectFrom('response').select('month').executeTakeFirstOrThrow()).month;
    expect(String(month)).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it('no chain of foreign keys joins the response to the meeting, invitation, token or contact tables', async () => {
    const result = await sql<{ from_table: string; to_table: string }>`
      select tc.table_name as from_table, ccu.table_name as to_table
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(t.db);
    // Shared dimensions (who, where, which instrument) are not a per-response link: every response points at them.
    const dimensions = new Set(['employee', 'unit', 'instrument']);
    const neighbours = new Map<string, Set<string>>();
    const link = (a: string, b: string) => neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
    for (const r of result.rows) {
      if (dimensions.has(r.from_table) || dimensions.has(r.to_table) || r.from_table === r.to_table) continue;
      link(r.from_table, r.to_table);
      link(r.to_table, r.from_table);
    }
    const reached = new Set(['response']);
    const queue = ['response'];
    while (queue.length > 0)
      for (const next of neighbours.get(queue.shift()!) ?? [])
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
    for (const table of ['meeting', 'invitation', 'invitation_token', 'opt_out_link', 'opt_out', 'contact_quarantine']) {
      expect(reached.has(table), `response reaches ${table} through foreign keys`).toBe(false);
    }
    // And the response's own foreign keys go to the dimensions only.
    const own = [...new Set(result.rows.filter((r) => r.from_table === 'response').map((r) => r.to_table))].sort();
    expect(own).toEqual(['employee', 'instrument', 'unit']);
  });

  it('the response id appears nowhere but in the response', async () => {
    expect(await whereFound(responseId)).toEqual(['response.id']);
  });

  it('the comment appears nowhere but in the response (no log or copy beside it)', async () => {
    expect(await whereFound(COMMENT)).toEqual(['response.comment']);
  });

  it('nothing in the response holds the meeting id, external id, token, token hash, contact or meeting time', async () => {
    const row = await sql<{ text: string }>`select row_to_json(r)::text as text from response r`.execute(t.db);
    const stored = row.rows[0].text;
    const secrets = [
      inv.meetingId,
      meeting.external_id,
      inv.token,
      sha256Hex(inv.token),
      inv.contactKey,
      'bruker@example.no',
      '+4799999999',
      '99999999',
      meeting.starts_at!.toISOString().slice(0, 16),
      meeting.received_at.toISOString().slice(0, 16),
      '2026-03-10',
      '08:15',
    ];
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('the contact is erased from the invitation and the meeting no longer carries the case-mix', async () => {
    const invitation = await t.db.selectFrom('invitation').selectAll().where('meeting_id', '=', inv.meetingId).executeTakeFirstOrThrow();
    expect(invitation.state).toBe('answered');
    expect(invitation.contact_email).toBeNull();
    expect(invitation.contact_phone).toBeNull();
    expect(invitation.next_action_at).toBeNull();
    expect(await whereFound('bruker@example.no')).toEqual(['invitation.contact_email']); // the three unanswered invitations only
    const m = await t.db.selectFrom('meeting').selectAll().where('id', '=', inv.meetingId).executeTakeFirstOrThrow();
    expect([m.age_band, m.innsatsgruppe, m.benefit, m.recent_adverse_decision, m.interpreter_used, m.first_meeting]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    // The unanswered meetings keep theirs (cleared by dispatch when their delivery is final).
    const others = await t.db.selectFrom('meeting').select('age_band').where('id', '!=', inv.meetingId).execute();
    expect(others.every((o) => o.age_band === '30_39')).toBe(true);
  });

  it('the answered meeting cannot be told apart by its case-mix profile from the response', async () => {
    // Join the response to meetings on every field it copied: with the case-mix cleared no meeting matches.
    const result = await sql<{ n: number }>`
      select count(*)::int as n from response r join meeting m
        on m.counselor_id = r.counselor_id and m.month = r.month and m.age_band is not distinct from r.age_band
       and m.benefit is not distinct from r.benefit and m.innsatsgruppe is not distinct from r.innsatsgruppe
       and m.interpreter_used is not distinct from r.interpreter_used
      where m.id = ${inv.meetingId}`.execute(t.db);
    expect(result.rows[0].n).toBe(0);
  });

  it('once the links have expired, the answered invitation is closed and cannot be told apart from the unanswered ones', async () => {
    // Before expiry nothing is closed: the reminder and single use still need the state.
    expect(await closeFinishedInvitations(t.db, new Date('2026-03-24T11:59:00Z'))).toEqual({ closed: 0 });
    // While the link is alive, the rows written with the response carry its transaction id (xmin).
    const xmin = async (table: string) =>
      (await sql<{ x: string }>`select xmin::text as x from ${sql.table(table)}`.execute(t.db)).rows.map((r) => r.x);
    const [responseXmin] = await xmin('response');
    expect(await xmin('meeting')).toContain(responseXmin);
    // The unanswered ones close; the answered one waits until the responses have been shuffled after it.
    const expiry = new Date('2026-03-24T12:00:00Z');
    expect(await closeFinishedInvitations(t.db, expiry)).toEqual({ closed: 3 });
    expect(await shuffleRecentResponses(t.db, expiry, closingRulesOf(loadConfig({})), 60)).toEqual({ rewritten: 1, skipped: false });
    expect(await xmin('response')).not.toContain(responseXmin);
    expect(await closeFinishedInvitations(t.db, expiry)).toEqual({ closed: 1 });
    const rows = await sql<Record<string, unknown>>`select * from invitation order by meeting_id`.execute(t.db);
    const alike = rows.rows.map(({ meeting_id: _id, ...rest }) => JSON.stringify(rest));
    expect(new Set(alike).size).toBe(1);
    expect(rows.rows[0]).toMatchObject({
      state: 'closed',
      contact_email: null,
      contact_phone: null,
      contact_key: null,
      contact_keys: null,
      sent_at: null,
      reminder_at: null,
      reminded_at: null,
      attempts: 0,
    });
    expect(await t.db.selectFrom('invitation_token').select('token_hash').execute()).toEqual([]);
    // Every meeting's case-mix is gone, answered or not.
    const profiles = await t.db.selectFrom('meeting').select(['age_band', 'innsatsgruppe', 'benefit', 'first_meeting']).execute();
    expect(profiles.every((p) => Object.values(p).every((v) => v === null))).toBe(true);
    // No row that leads to the meeting shares the transaction id that stored the response.
    for (const table of ['meeting', 'invitation', 'invitation_token']) expect(await xmin(table), table).not.toContain(responseXmin);
    // The answer still counts: response rates come from the response table.
    // (counted once March is final, on 24 April)
    const after = { db: t.db, config: loadConfig({}), now: () => new Date('2026-05-01T00:00:00Z') };
    const [march] = await dispatchCounts(after as never, { counselorId: 'counselor-1' }, [
      { key: '2026-03', from: '2026-03-01', to: '2026-04-01' },
    ]);
    expect(march).toMatchObject({ registered: 4, invited: 4, answered: 1 });
    // The dead link now leads nowhere.
    const page = await t.app.inject({ method: 'GET', url: `/s/${inv.token}` });
    expect(page.statusCode).toBe(404);
    expect(await closeFinishedInvitations(t.db, new Date('2026-04-01T00:00:00Z'))).toEqual({ closed: 0 });
  });
});
