import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import type { Database } from '../db/database.ts';
import { addMonths } from './detector.ts';
import { monthStartOf } from '../time/periods.ts';
import { unnestInsert } from '../db/bulk.ts';
import { zonedTimeToInstant } from '../time/zone.ts';
import { closingRulesOf, monthFinalAt } from '../time/closing.ts';

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
  /** The channel of each answered meeting (length `answered`), as its answer has it; 'in_person' where not given. */
  answered_channels?: string[];
  /** The channel of each other meeting (length `registered − answered`); 'in_person' where not given. */
  other_channels?: string[];
  /** When the meetings took place; the 10th at 09:00 UTC when not given. */
  at?: Date;
  /**
   * The links are still open (this month's meetings): invitations sent and not answered stay 'sent'
   * until `expires_at` (the worker expires them then), instead of having expired.
   */
  open_until?: Date;
}

const MEETING_COLUMNS = [
  ['id', 'uuid'],
  ['external_id', 'text'],
  ['source', 'text'],
  ['payload_hash', 'text'],
  ['starts_at', 'timestamptz'],
  ['month', 'date'],
  ['counselor_id', 'text'],
  ['unit_id', 'text'],
  ['channel', 'text'],
  ['meeting_kind', 'text'],
  ['language', 'text'],
  ['exclusion_reason', 'text'],
  ['received_at', 'timestamptz'],
] as const;

const INVITATION_COLUMNS = [
  ['meeting_id', 'uuid'],
  ['state', 'text'],
  ['language', 'text'],
  ['send_at', 'timestamptz'],
  ['sent_at', 'timestamptz'],
  ['expires_at', 'timestamptz'],
  ['finalized_at', 'timestamptz'],
  ['next_action_at', 'timestamptz'],
] as const;

/**
 * Writes meeting rows (and their invitations) for a process history, as the intake and the
 * dispatch worker would have left them once delivery was final: no contact data, no case mix.
 * Bulk inserts (one statement per 5,000 rows), so the demo starts fast.
 */
export async function insertProcessHistory(db: Database, entries: ProcessEntry[], source = 'history'): Promise<number> {
  const meetings: Array<Record<string, unknown>> = [];
  const invitations: Array<Record<string, unknown>> = [];
  for (const e of entries) {
    const excluded = Object.entries(e.excluded ?? {}).flatMap(([reason, n]) => Array.from({ length: n }, () => reason));
    const answered = e.answered ?? 0;
    if (excluded.length + e.invited > e.registered || answered > e.invited)
      throw new RangeError(`inconsistent counts for ${e.counselor_id} in ${e.month}`);
    const at = e.at ?? new Date(`${e.month}-10T09:00:00Z`);
    const iso = at.toISOString();
    const expires = e.open_until ?? new Date(at.getTime() + 14 * 86_400_000);
    // Excluded meetings first, then the answered ones, then those sent and not answered, then the failed.
    const answeredFrom = excluded.length;
    let other = 0;
    for (let i = 0; i < e.registered; i++) {
      const id = randomUUID();
      const reason = i < excluded.length ? excluded[i]! : null;
      const k = i - answeredFrom;
      const isAnswered = !reason && k < answered;
      const channel = (isAnswered ? e.answered_channels?.[k] : e.other_channels?.[other++]) ?? 'in_person';
      meetings.push({
        id,
        external_id: `${source}-${id}`,
        source,
        payload_hash: id,
        starts_at: iso,
        month: `${e.month}-01`,
        counselor_id: e.counselor_id,
        unit_id: e.unit_id,
        channel,
        meeting_kind: 'follow_up',
        language: 'nb',
        exclusion_reason: reason,
        received_at: iso,
      });
      if (reason) continue;
      const state = k < answered ? 'answered' : k < e.invited ? (e.open_until ? 'sent' : 'expired') : 'failed';
      invitations.push({
        meeting_id: id,
        state,
        language: 'nb',
        send_at: iso,
        sent_at: state === 'failed' ? null : iso,
        expires_at: expires.toISOString(),
        finalized_at: state === 'sent' ? null : iso,
        next_action_at: state === 'sent' ? expires.toISOString() : null,
      });
    }
  }
  for (let i = 0; i < meetings.length; i += 5000) await unnestInsert('meeting', MEETING_COLUMNS, meetings.slice(i, i + 5000)).execute(db);
  for (let i = 0; i < invitations.length; i += 5000)
    await unnestInsert('invitation', INVITATION_COLUMNS, invitations.slice(i, i + 5000)).execute(db);
  return meetings.length;
}

/**
 * Demo: the meetings behind the demo's answers. Every answer the demo created came through an
 * invitation to a meeting of the same counselor, unit, month and channel, so answers ≤ invited ≤
 * meetings holds in every table, for every channel. For every month before this one that has
 * answers (a year for most, the last month for the newcomers): registered and invited around each
 * counselor's level, and exactly as many invitations answered as there are answers; the meetings
 * nobody answered get channels in the mix of those who did not answer (in person most, phone least
 * answered: `DEMO_RESPONSE_RATES`). This month: the meetings so far, their links still open. Two
 * flags for the monitoring page: one counselor whose registered meetings collapse last month, and
 * one whose meetings are suddenly mostly excluded as "sensitive" (the dispatch share drops).
 */
export const DEMO_DROPPING_COUNSELOR = 'demo-v07';
export const DEMO_EXCLUDING_COUNSELOR = 'demo-v23';

/** Share of the demo's meetings per channel, and the share of each that is answered (src/demo/seed.ts draws by these). */
export const DEMO_CHANNEL_SHARES = { in_person: 0.4, phone: 0.2, video: 0.2, digital_dialogue: 0.2 } as const;
export const DEMO_RESPONSE_RATES = { in_person: 0.32, phone: 0.18, video: 0.3, digital_dialogue: 0.4 } as const;

type DemoChannel = keyof typeof DEMO_CHANNEL_SHARES;

export async function seedDemoMonitoring(ctx: AppContext, seed = 4242): Promise<number> {
  const generator = (start: number) => {
    let state = start;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  };
  const random = generator(seed);
  // Channels and this month from a generator of their own, so the history's draws (and flags) stay as they were.
  const channelRandom = generator(seed + 1);
  // The channel of a meeting nobody answered: a channel's share of the meetings times its share not answered.
  const unanswered = Object.entries(DEMO_CHANNEL_SHARES).map(
    ([c, share]) => [c, share * (1 - DEMO_RESPONSE_RATES[c as DemoChannel])] as const,
  );
  const unansweredTotal = unanswered.reduce((s, [, w]) => s + w, 0);
  const drawChannel = () => {
    let r = channelRandom() * unansweredTotal;
    for (const [c, w] of unanswered) if ((r -= w) < 0) return c;
    return unanswered.at(-1)![0];
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
    .select(['counselor_id', 'unit_id', 'channel', sql<string>`to_char(month, 'YYYY-MM')`.as('month'), sql<number>`count(*)::int`.as('n')])
    .groupBy(['counselor_id', 'unit_id', 'channel', 'month'])
    .orderBy('counselor_id')
    .orderBy('unit_id')
    .orderBy('month')
    .orderBy('channel')
    .execute();
  const unitOf = new Map(counselors.map((c) => [c.id, c.unit_id]));
  const stray = answeredRows.filter((r) => unitOf.get(r.counselor_id) !== r.unit_id);
  if (stray.length > 0) throw new Error(`demo answers outside their counselor's unit: ${JSON.stringify(stray.slice(0, 3))}`);
  // The answers' channels per counselor and month, one entry per answer.
  const answeredIn = new Map<string, string[]>();
  for (const r of answeredRows) {
    const key = `${r.counselor_id}@${r.month}`;
    answeredIn.set(key, [...(answeredIn.get(key) ?? []), ...Array.from({ length: r.n }, () => r.channel)]);
  }
  const thisMonth = monthStartOf(ctx.now(), ctx.config.TIME_ZONE).slice(0, 7);
  const entries: ProcessEntry[] = [];
  const levels = new Map<string, number>();
  for (const c of counselors) {
    const level = 28 + Math.floor(random() * 20);
    levels.set(c.id, level);
    const months = Array.from({ length: 11 }, (_, i) => addMonths(thisMonth, i - 11));
    const first = months.findIndex((m) => answeredIn.has(`${c.id}@${m}`));
    const older = [...answeredIn.keys()].filter((k) => k.startsWith(`${c.id}@`) && k.slice(-7) < months[0]!);
    if (older.length > 0) throw new Error(`demo answers older than the process history: ${older.join(', ')}`);
    for (const [i, month] of months.entries()) {
      const ago = months.length - i;
      // Before their first answer (a newcomer) only the month before it, so the drop detector has a baseline.
      if (first < 0 || i < first - 1) continue;
      const channels = answeredIn.get(`${c.id}@${month}`) ?? [];
      const answered = channels.length;
      let registered = Math.max(0, Math.round(level + (random() - 0.5) * 10));
      const excluded: Record<string, number> = { no_contact: Math.floor(random() * 3), sensitive: Math.floor(random() * 2) };
      if (random() < 0.3) excluded.under_18 = 1;
      if (ago === 1 && c.id === DEMO_DROPPING_COUNSELOR) registered = Math.round(level * 0.2);
      if (ago === 1 && c.id === DEMO_EXCLUDING_COUNSELOR) excluded.sensitive = Math.round(registered * 0.6);
      const excludedTotal = Object.values(excluded).reduce((s, n) => s + n, 0);
      // Never fewer invitations than answers: the answers are there.
      const invited = Math.max(answered, registered - excludedTotal - (random() < 0.2 ? 1 : 0));
      registered = Math.max(registered, invited + excludedTotal);
      entries.push({
        counselor_id: c.id,
        unit_id: c.unit_id,
        month,
        registered,
        invited,
        answered,
        excluded,
        answered_channels: channels,
        other_channels: Array.from({ length: registered - answered }, drawChannel),
      });
    }
  }
  // This month so far: the meetings behind this month's answers and as many again and more that
  // nobody has answered yet, their links open until the month's answers are final.
  const now = ctx.now();
  const monthStartsAt = zonedTimeToInstant(
    { year: Number(thisMonth.slice(0, 4)), month: Number(thisMonth.slice(5, 7)), day: 1, hour: 0, minute: 0 },
    ctx.config.TIME_ZONE,
  );
  const elapsed = Math.min(1, (now.getTime() - monthStartsAt.getTime()) / (30 * 86_400_000));
  const at = new Date((monthStartsAt.getTime() + now.getTime()) / 2);
  const openUntil = monthFinalAt(`${thisMonth}-01`, closingRulesOf(ctx.config));
  for (const c of counselors) {
    const channels = answeredIn.get(`${c.id}@${thisMonth}`) ?? [];
    if (channels.length === 0) continue;
    const invited = Math.max(channels.length, Math.round((levels.get(c.id) ?? 0) * elapsed * (0.9 + channelRandom() * 0.2)));
    const excluded: Record<string, number> = channelRandom() < 0.3 ? { no_contact: 1 } : {};
    const registered = invited + (excluded.no_contact ?? 0);
    entries.push({
      counselor_id: c.id,
      unit_id: c.unit_id,
      month: thisMonth,
      registered,
      invited,
      answered: channels.length,
      excluded,
      answered_channels: channels,
      other_channels: Array.from({ length: registered - channels.length }, drawChannel),
      at,
      open_until: new Date(Math.min(openUntil.getTime(), now.getTime() + ctx.config.LINK_EXPIRY_DAYS * 86_400_000)),
    });
  }
  return insertProcessHistory(ctx.db, entries, 'demo-history');
}
