import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app.ts';
import type { Database } from '../db/database.ts';
import { addMonths } from './detector.ts';

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
    if (excluded.length + e.invited > e.registered || answered > e.invited) throw new RangeError(`inconsistent counts for ${e.counselor_id} in ${e.month}`);
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
  for (let i = 0; i < meetings.length; i += 1000) await db.insertInto('meeting').values(meetings.slice(i, i + 1000) as never).execute();
  for (let i = 0; i < invitations.length; i += 1000) await db.insertInto('invitation').values(invitations.slice(i, i + 1000) as never).execute();
  return meetings.length;
}

/**
 * Demo: seven complete months of meetings for every demo counselor, so the monitoring page has
 * something to show and two flags: one counselor whose registered meetings collapse last month,
 * and one whose meetings are suddenly mostly excluded as "sensitive" (the dispatch share drops).
 */
export const DEMO_DROPPING_COUNSELOR = 'demo-v07';
export const DEMO_EXCLUDING_COUNSELOR = 'demo-v23';

export async function seedDemoMonitoring(ctx: AppContext, seed = 4242): Promise<number> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const counselors = await ctx.db.selectFrom('employee').select(['id', 'unit_id']).where('role', '=', 'counselor').where('id', 'like', 'demo-v%').orderBy('id').execute();
  const thisMonth = ctx.now().toISOString().slice(0, 7);
  const entries: ProcessEntry[] = [];
  for (const c of counselors) {
    const level = 28 + Math.floor(random() * 20);
    for (let ago = 7; ago >= 1; ago--) {
      const month = addMonths(thisMonth, -ago);
      let registered = Math.max(0, Math.round(level + (random() - 0.5) * 10));
      const excluded: Record<string, number> = { no_contact: Math.floor(random() * 3), sensitive: Math.floor(random() * 2) };
      if (random() < 0.3) excluded.under_18 = 1;
      if (ago === 1 && c.id === DEMO_DROPPING_COUNSELOR) registered = Math.round(level * 0.2);
      if (ago === 1 && c.id === DEMO_EXCLUDING_COUNSELOR) excluded.sensitive = Math.round(registered * 0.6);
      const excludedTotal = Object.values(excluded).reduce((s, n) => s + n, 0);
      if (excludedTotal > registered) continue;
      const invited = registered - excludedTotal - (random() < 0.2 ? 1 : 0);
      const answered = Math.round(invited * (0.25 + random() * 0.15));
      entries.push({ counselor_id: c.id, unit_id: c.unit_id, month, registered, invited: Math.max(0, invited), answered: Math.min(answered, Math.max(0, invited)), excluded });
    }
  }
  return insertProcessHistory(ctx.db, entries, 'demo-history');
}
