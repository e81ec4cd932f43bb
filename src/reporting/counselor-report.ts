import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../app.ts';
import { loadInstrument, type InstrumentDefinition } from '../survey/instrument.ts';
import type { Lang } from '../i18n/index.ts';
import { figureFrom, shuffled, type Figure } from '../disclosure/figures.ts';
import { periodOf, type PeriodKind } from '../time/periods.ts';
import { NameMatcher, scrubComment } from './scrub.ts';
import { commentNotHidden } from '../sharing/hidden.ts';

/**
 * A counselor's own results per fixed period. Every figure passes through the thresholds here, in
 * the server: a period with fewer than MIN_ANSWERS answers shows no figures, and comments need
 * MIN_ANSWERS_COMMENTS. Instrument versions are reported apart, never mixed.
 */
export interface StatementResult {
  id: string;
  text: string;
  figure: Figure;
}

export interface PeriodResult {
  period: string;
  from: string;
  to: string;
  instrument: { id: string; version: number };
  answers: number;
  enough_answers: boolean;
  statements: StatementResult[];
  overall: Figure;
  nav_general: Figure;
  comments:
    | { suppressed: true; reason: 'too_few_answers'; n_min: number }
    | { suppressed: false; items: Array<{ month: string; text: string }> };
}

export interface CounselorReport {
  counselor: { id: string; name: string };
  period_kind: PeriodKind;
  thresholds: { answers: number; comments: number };
  periods: PeriodResult[];
}

interface Bucket {
  instrument_id: string;
  instrument_version: number;
  month: string;
  responses: number;
}

export async function counselorReport(ctx: AppContext, counselorId: string, lang: Lang, kind: PeriodKind = 'tertial'): Promise<CounselorReport | null> {
  const counselor = await ctx.db.selectFrom('employee').select(['id', 'name']).where('id', '=', counselorId).executeTakeFirst();
  if (!counselor) return null;
  const k = ctx.config.MIN_ANSWERS;
  const kComments = ctx.config.MIN_ANSWERS_COMMENTS;

  // Month-level tallies from the database; periods are built from months so every kind agrees.
  // The three reads are independent: run them together.
  const [buckets, statementResult, ratingResult] = await Promise.all([
    ctx.db
      .selectFrom('response')
      .select(['instrument_id', 'instrument_version', 'month', sql<number>`count(*)::int`.as('responses')])
      .where('counselor_id', '=', counselorId)
      .groupBy(['instrument_id', 'instrument_version', 'month'])
      .execute() as Promise<Bucket[]>,
    sql<{ instrument_id: string; instrument_version: number; month: string; idx: number; n: number; sum: number; positive: number; dont_know: number }>`
      select r.instrument_id, r.instrument_version, r.month, a.idx::int as idx,
             count(a.v)::int as n, coalesce(sum(a.v), 0)::int as sum,
             count(*) filter (where a.v >= 4)::int as positive,
             count(*) filter (where a.v is null)::int as dont_know
      from response r cross join lateral unnest(r.answers) with ordinality as a(v, idx)
      where r.counselor_id = ${counselorId}
      group by 1, 2, 3, 4`.execute(ctx.db),
    sql<{ instrument_id: string; instrument_version: number; month: string; o_n: number; o_sum: number; o_pos: number; g_n: number; g_sum: number; g_pos: number }>`
      select instrument_id, instrument_version, month,
             count(overall)::int as o_n, coalesce(sum(overall), 0)::int as o_sum, count(*) filter (where overall >= 4)::int as o_pos,
             count(nav_general)::int as g_n, coalesce(sum(nav_general), 0)::int as g_sum, count(*) filter (where nav_general >= 4)::int as g_pos
      from response where counselor_id = ${counselorId}
      group by 1, 2, 3`.execute(ctx.db),
  ]);
  const statementRows = statementResult.rows;
  const ratingRows = ratingResult.rows;

  const groupKey = (b: { instrument_id: string; instrument_version: number; month: string }) =>
    `${periodOf(b.month, kind).key}|${b.instrument_id}|${b.instrument_version}`;

  const groups = new Map<string, { period: ReturnType<typeof periodOf>; instrument: { id: string; version: number }; answers: number }>();
  for (const b of buckets) {
    const key = groupKey(b);
    const g = groups.get(key) ?? { period: periodOf(b.month, kind), instrument: { id: b.instrument_id, version: b.instrument_version }, answers: 0 };
    g.answers += b.responses;
    groups.set(key, g);
  }

  const instruments = new Map<string, InstrumentDefinition | undefined>();
  const periods: PeriodResult[] = [];
  // Employee names for scrubbing, read once per report and only if some period has comments to show.
  let names: NameMatcher | undefined;
  for (const [key, g] of [...groups.entries()].sort((a, b) => b[1].period.from.localeCompare(a[1].period.from))) {
    const instKey = `${g.instrument.id}|${g.instrument.version}`;
    if (!instruments.has(instKey)) instruments.set(instKey, await loadInstrument(ctx.db, g.instrument.id, g.instrument.version));
    const instrument = instruments.get(instKey);
    const enough = g.answers >= k;
    const tally = (rows: typeof statementRows, idx: number) => {
      const t = { n: 0, sum: 0, positive: 0, dontKnow: 0 };
      for (const r of rows) if (groupKey(r) === key && r.idx === idx) {
        t.n += r.n; t.sum += r.sum; t.positive += r.positive; t.dontKnow += r.dont_know;
      }
      return t;
    };
    const ratings = ratingRows.filter((r) => groupKey(r) === key);
    const sumOf = (field: 'o_n' | 'o_sum' | 'o_pos' | 'g_n' | 'g_sum' | 'g_pos') => ratings.reduce((s, r) => s + r[field], 0);
    // Below the answer threshold nothing is computed at all, not even per statement.
    const guard = (figure: Figure): Figure => (enough ? figure : { suppressed: true, reason: 'too_few_answers', n_min: k });
    const statements = (instrument?.statements ?? []).map((s, i) => ({
      id: s.id,
      text: s.text[lang],
      figure: guard(figureFrom(tally(statementRows, i + 1), k)),
    }));
    periods.push({
      period: g.period.key,
      from: g.period.from,
      to: g.period.to,
      instrument: g.instrument,
      answers: g.answers,
      enough_answers: enough,
      statements,
      overall: guard(figureFrom({ n: sumOf('o_n'), sum: sumOf('o_sum'), positive: sumOf('o_pos'), dontKnow: 0 }, k)),
      nav_general: guard(figureFrom({ n: sumOf('g_n'), sum: sumOf('g_sum'), positive: sumOf('g_pos'), dontKnow: 0 }, k)),
      comments:
        g.answers >= kComments
          ? { suppressed: false, items: await commentsFor(ctx, counselorId, g.period.from, g.period.to, g.instrument, key, async () => (names ??= await employeeNameMatcher(ctx))) }
          : { suppressed: true, reason: 'too_few_answers', n_min: kComments },
    });
  }
  return { counselor, period_kind: kind, thresholds: { answers: k, comments: kComments }, periods };
}

async function commentsFor(
  ctx: AppContext,
  counselorId: string,
  from: string,
  to: string,
  instrument: { id: string; version: number },
  seed: string,
  names: () => Promise<NameMatcher>,
): Promise<Array<{ month: string; text: string }>> {
  const rows = await ctx.db
    .selectFrom('response')
    .select(['month', 'comment'])
    .where('counselor_id', '=', counselorId)
    .where('instrument_id', '=', instrument.id)
    .where('instrument_version', '=', instrument.version)
    .where('month', '>=', from)
    .where('month', '<', to)
    .where('comment', 'is not', null)
    .where(commentNotHidden)
    .execute();
  if (rows.length === 0) return [];
  const matcher = await names();
  const items = rows.map((r) => ({ month: String(r.month).slice(0, 7), text: scrubComment(r.comment ?? '', matcher) }));
  // Shuffled so the order says nothing about when each was written; dated by month only.
  return shuffled(items, seed);
}

let compiledNames: { fingerprint: string; matcher: NameMatcher } | undefined;

/**
 * Every employee's name, compiled for scrubbing. The names are read each time, so a new employee's
 * name is scrubbed from the next page on; the compiled form (tens of milliseconds for 10,000 names)
 * is kept while the list is unchanged.
 */
export async function employeeNameMatcher(ctx: AppContext): Promise<NameMatcher> {
  const names = (await ctx.db.selectFrom('employee').select('name').orderBy('name').execute()).map((e) => e.name);
  const fingerprint = createHash('sha256').update(names.join('\n')).digest('base64');
  if (compiledNames?.fingerprint !== fingerprint) compiledNames = { fingerprint, matcher: new NameMatcher(names) };
  return compiledNames.matcher;
}
