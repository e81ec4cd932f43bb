import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import type { Database } from '../db/database.ts';
import { addMonths } from './detector.ts';
import { monthStartOf } from '../time/periods.ts';

/** One counselor's process in one month, to be written as meeting and invitation rows. */
export interface ProcessEntry {
  counselor_id: string;
  unit_id: string;
  /** 'YYYY-MM' */
  month: string;
  registered: number;
  /** Invitations that went out (of them, `answered` end as answered, the rest expired). */
  invited: number;
  answered?: number;
  /** Meetings excluded from invitation, by reason; the rest of the registered failed delivery. */
  excluded?: Record<string, number>;
}

/**
 * Writes meeting rows (and their invitations) for a process history, as the intake and the
 * dispatch worker would have left them once delivery was final: no contact data, no case mix.
 */
export async function insertProcessHistory(db: Database, entries: ProcessEntry[], source = 'history'): Promise<number> {
  const meetings: Array<Record<string, unknown>> = [];
  const invitations: Array<Record<string, unknown>> = [];
  for (const e of entries) {
    const excluded = Object.entries(e.excluded ?? {}).flatMap(([reason, n]) => Array.from({ length: n }, () => reason));
    const answered = e.answered ?? 0;
    if (excluded.length + e.invited > e.registered || answered > e.invited)
      throw new RangeError(`inconsistent counts for ${e.counselor_id} in ${e.month}`);
    const at = new Date(`${e.month}-10T09:00:00Z`);
    for (let i = 0; i < e.registered; i++) {
      const id = randomUUID();
      const reason = i < excluded.length ? excluded[i]! : null;
      meetings.push({
        id,
        external_id: `${source}-${id}`,
        source,
        payload_hash: id,
        starts_at: at,
        month: `${e.month}-01`,
        counselor_id: e.counselor_id,
        unit_id: e.unit_id,
        channel: 'in_person',
        meeting_kind: 'follow_up',
        language: 'nb',
        exclusion_reason: reason,
        received_at: at,
      });
      if (reason) continue;
      const k = i - excluded.length;
      const state = k < answered ? 'answered' : k < e.invited ? 'expired' : 'failed';
      invitations.push({
        meeting_id: id,
        state,
        language: 'nb',
        send_at: at,
        sent_at: state === 'failed' ? null : at,
        expires_at: new Date(at.getTime() + 14 * 86_400_000),
        finalized_at: at,
      });
    }
  }
  for (let i = 0; i < meetings.length; i += 1000)
    await db
      .insertInto('meeting')
      .values(meetings.slice(i, i + 1000) as never)
      .execute();
  for (let i = 0; i < invitations.length; i += 1000)
    await db
      .insertInto('invitation')
      .values(invitations.slice(i, i + 1000) as never)
      .execute();
  return meetings.length;
}

/**
 * Demo: the meetings behind the demo's answers, for every month before this one that has answers
 * (a year for most, the last month for the newcomers): registered and invited around each
 * counselor's level, and exactly as many invitations answered as there are answers, so a
 * counselor's "meetings and invitations" table reconciles with their results. Two flags for the
 * monitoring page: one counselor whose registered meetings collapse last month, and one whose
 * meetings are suddenly mostly excluded as "sensitive" (the dispatch share drops).
 */
export const DEMO_DROPPING_COUNSELOR = 'demo-v07';
export const DEMO_EXCLUDING_COUNSELOR = 'demo-v23';

export async function seedDemoMonitoring(ctx: AppContext, seed = 4242): Promise<number> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const counselors = await ctx.db
    .selectFrom('employee')
    .select(['id', 'unit_id'])
    .where('role', '=', 'counselor')
    .where('id', 'like', 'demo-v%')
    .orderBy('id')
    .execute();
  const answeredRows = await ctx.db
    .selectFrom('response')
    .select(['counselor_id', sql<string>`to_char(month, 'YYYY-MM')`.as('month'), sql<number>`count(*)::int`.as('n')])
    .groupBy(['counselor_id', 'month'])
    .execute();
  const answeredIn = new Map(answeredRows.map((r) => [`${r.counselor_id}@${r.month}`, r.n]));
  const thisMonth = monthStartOf(ctx.now(), ctx.config.TIME_ZONE).slice(0, 7);
  const entries: ProcessEntry[] = [];
  for (const c of counselors) {
    const level = 28 + Math.floor(random() * 20);
    const months = Array.from({ length: 11 }, (_, i) => addMonths(thisMonth, i - 11));
    const first = months.findIndex((m) => answeredIn.has(`${c.id}@${m}`));
    for (const [i, month] of months.entries()) {
      const ago = months.length - i;
      // Before their first answer (a newcomer) only the month before it, so the drop detector has a baseline.
      if (first < 0 || i < first - 1) continue;
      const answered = answeredIn.get(`${c.id}@${month}`) ?? 0;
      let registered = Math.max(0, Math.round(level + (random() - 0.5) * 10));
      const excluded: Record<string, number> = { no_contact: Math.floor(random() * 3), sensitive: Math.floor(random() * 2) };
      if (random() < 0.3) excluded.under_18 = 1;
      if (ago === 1 && c.id === DEMO_DROPPING_COUNSELOR) registered = Math.round(level * 0.2);
      if (ago === 1 && c.id === DEMO_EXCLUDING_COUNSELOR) excluded.sensitive = Math.round(registered * 0.6);
      const excludedTotal = Object.values(excluded).reduce((s, n) => s + n, 0);
      // Never fewer invitations than answers: the answers are there.
      const invited = Math.max(answered, registered - excludedTotal - (random() < 0.2 ? 1 : 0));
      entries.push({
        counselor_id: c.id,
        unit_id: c.unit_id,
        month,
        registered: Math.max(registered, invited + excludedTotal),
        invited,
        answered,
        excluded,
      });
    }
  }
  return insertProcessHistory(ctx.db, entries, 'demo-history');
}
