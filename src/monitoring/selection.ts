import { sql } from 'kysely';
import { loadUnitTree } from '../access/actor.ts';
import { descendants, officeOf, type UnitTree } from '../access/scope.ts';
import { CHANNELS } from '../intake/schema.ts';
import type { AppContext } from '../core/context.ts';
import { monthStartOf, periodOf, type Period } from '../time/periods.ts';
import { OUTCOME, answerCounts as countAnswers } from '../disclosure/counts.ts';
import { closesAt, closingRulesOf, isClosed, lastFinalMonth } from '../time/closing.ts';
import { localDate } from '../time/zone.ts';
import { addMonths, detectDrops, paramsFrom, without, type DetectorParams, type DropFlag, type MonthlySeries } from './detector.ts';

/**
 * Monitoring for selection, for administrators: per office, team and counselor and per fixed period,
 * meetings registered, invitations sent, meetings excluded (by reason) and answers; and the flags of
 * the detector (detector.ts) for the last complete month. These are counts of the process, never
 * results: no answer's content is read here.
 */

export type Level = 'office' | 'team' | 'counselor';

/**
 * Every registered meeting is in exactly one of excluded (by reason), waiting, undelivered and
 * invited (disclosure/counts.ts: OUTCOME), so registered = excluded_total + waiting + undelivered +
 * invited; answered ≤ invited.
 */
export interface ProcessCounts {
  registered: number;
  invited: number;
  excluded: Record<string, number>;
  excluded_total: number;
  /** Not excluded, invitation not sent yet. */
  waiting: number;
  /** Not excluded, invitation not delivered (failed, or cancelled before sending). */
  undelivered: number;
  answered: number;
  /** invited / registered, or null without meetings. */
  dispatch_share: number | null;
  /** answered / invited, or null before anything went out. */
  response_rate: number | null;
}

export interface MonitoringRow extends ProcessCounts {
  level: Level;
  id: string;
  name: string;
  /** The office the row belongs to (itself for an office). */
  office_id: string | null;
}

export interface MonitoringFlag extends Omit<DropFlag, 'lowerBound' | 'seasonalFactor'> {
  level: 'team' | 'counselor';
  id: string;
  name: string;
  office_id: string | null;
  office_name: string | null;
  lower_bound: number;
  seasonal_factor: number;
}

export interface MonitoringReport {
  period: Period;
  /** The periods one may choose, newest first. */
  periods_available: string[];
  office: { id: string; name: string } | null;
  offices: Array<{ id: string; name: string }>;
  rows: MonitoringRow[];
  /** The same counts per meeting channel, for the office chosen or the whole country (who answers?). */
  by_channel: Array<ProcessCounts & { channel: string }>;
  /** The channels added up: the same as the office's row, or all offices' rows together. */
  by_channel_total: ProcessCounts;
  judged_month: string;
  /** Whether the period has closed (every month's answers are in): the response rate is shown only then. */
  closed: boolean;
  /** The date it closes ('YYYY-MM-DD'), while it is open. */
  closes_on: string | null;
  /** The last month whose answers are counted ('YYYY-MM'): answers are counted for final months only. */
  answers_through: string;
  rule: DetectorParams;
  flags: MonitoringFlag[];
}

interface MeetingCountRow {
  counselor_id: string;
  unit_id: string;
  month: string;
  exclusion_reason: string | null;
  registered: number;
  invited: number;
  waiting: number;
  undelivered: number;
}

interface AnswerCountRow {
  counselor_id: string;
  unit_id: string;
  month: string;
  answered: number;
}

/** 'YYYY-MM' → first-of-month date string. */
const monthStart = (month: string) => `${month}-01`;

// Grouped on the raw columns (cheap to sort) and formatted afterwards, over as few rows as possible.
async function meetingCounts(ctx: AppContext, fromMonth: string, toMonthExclusive: string): Promise<MeetingCountRow[]> {
  const result = await sql<MeetingCountRow>`
    select counselor_id, unit_id, to_char(month, 'YYYY-MM') as month, exclusion_reason, registered, invited, waiting, undelivered
    from (
      select m.counselor_id, m.unit_id, m.month, m.exclusion_reason,
             count(*)::int as registered,
             (count(*) filter (where ${OUTCOME.invited}))::int as invited,
             (count(*) filter (where ${OUTCOME.waiting}))::int as waiting,
             (count(*) filter (where ${OUTCOME.undelivered}))::int as undelivered
      from meeting m left join invitation i on i.meeting_id = m.id
      where m.month >= ${monthStart(fromMonth)}::date and m.month < ${monthStart(toMonthExclusive)}::date
      group by m.counselor_id, m.unit_id, m.month, m.exclusion_reason
    ) grouped`.execute(ctx.db);
  return result.rows;
}

/**
 * Answers are counted for final months only, as every figure is (time/closing.ts): a count that moves
 * with each answer dates it. Counted by the disclosure module (disclosure/counts.ts), as every count of answers.
 */
async function answerCounts(ctx: AppContext, fromMonth: string, toMonthExclusive: string): Promise<AnswerCountRow[]> {
  const rows = await countAnswers(ctx, {
    from: monthStart(fromMonth),
    to: monthStart(toMonthExclusive),
    finalThrough: lastFinalMonth(ctx.now(), closingRulesOf(ctx.config)),
  });
  return rows.map(({ counselor_id, unit_id, month, answered }) => ({ counselor_id, unit_id, month, answered }));
}

/**
 * Registered, invited, excluded and answered per meeting channel over the period, for the units
 * given (all when null). Users without BankID, internet or Norwegian answer less, and the channel
 * shows it; a low rate is never read as satisfaction or its absence.
 */
async function channelCounts(
  ctx: AppContext,
  fromMonth: string,
  toMonthExclusive: string,
  unitIds: string[] | null,
  closed: boolean,
): Promise<Array<ProcessCounts & { channel: string }>> {
  const from = monthStart(fromMonth);
  const to = monthStart(toMonthExclusive);
  const units = unitIds === null ? sql`true` : sql`m.unit_id = any(${unitIds}::text[])`;
  const [meetings, answers] = await Promise.all([
    sql<{ channel: string; exclusion_reason: string | null; registered: number; invited: number; waiting: number; undelivered: number }>`
      select m.channel, m.exclusion_reason, count(*)::int as registered,
             (count(*) filter (where ${OUTCOME.invited}))::int as invited,
             (count(*) filter (where ${OUTCOME.waiting}))::int as waiting,
             (count(*) filter (where ${OUTCOME.undelivered}))::int as undelivered
      from meeting m left join invitation i on i.meeting_id = m.id
      where m.month >= ${from}::date and m.month < ${to}::date and ${units}
      group by 1, 2`.execute(ctx.db),
    countAnswers(ctx, {
      from,
      to,
      finalThrough: lastFinalMonth(ctx.now(), closingRulesOf(ctx.config)),
      ...(unitIds === null ? {} : { unitIds }),
    }),
  ]);
  const byChannel = new Map<string, ProcessCounts>();
  const countsOf = (channel: string) => {
    let c = byChannel.get(channel);
    if (!c) byChannel.set(channel, (c = emptyCounts()));
    return c;
  };
  for (const m of meetings.rows) {
    const c = countsOf(m.channel);
    add(c, m);
    if (m.exclusion_reason) {
      c.excluded[m.exclusion_reason] = (c.excluded[m.exclusion_reason] ?? 0) + m.registered;
      c.excluded_total += m.registered;
    }
  }
  for (const a of answers) countsOf(a.channel).answered += a.answered;
  const known: readonly string[] = CHANNELS;
  return [...known.filter((ch) => byChannel.has(ch)), ...[...byChannel.keys()].filter((ch) => !known.includes(ch)).sort()].map(
    (channel) => ({ channel, ...finish(byChannel.get(channel)!, closed) }),
  );
}

const emptyCounts = (): ProcessCounts => ({
  registered: 0,
  invited: 0,
  excluded: {},
  excluded_total: 0,
  waiting: 0,
  undelivered: 0,
  answered: 0,
  dispatch_share: null,
  response_rate: null,
});

/** Adds a group of meetings' outcome counts (not the exclusions by reason, not the answers). */
function add(c: ProcessCounts, m: { registered: number; invited: number; waiting: number; undelivered: number }) {
  c.registered += m.registered;
  c.invited += m.invited;
  c.waiting += m.waiting;
  c.undelivered += m.undelivered;
}

/** The counts of several groups added up, shares computed again. */
export function sumCounts(parts: ProcessCounts[], closed: boolean): ProcessCounts {
  const total = emptyCounts();
  for (const p of parts) {
    add(total, p);
    total.answered += p.answered;
    total.excluded_total += p.excluded_total;
    for (const [reason, n] of Object.entries(p.excluded)) total.excluded[reason] = (total.excluded[reason] ?? 0) + n;
  }
  return finish(total, closed);
}

/** Shares of the counts; the response rate only once the period has closed (its answers are all counted). */
function finish(c: ProcessCounts, closed: boolean): ProcessCounts {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    ...c,
    dispatch_share: c.registered > 0 ? round(c.invited / c.registered) : null,
    response_rate: closed && c.invited > 0 ? round(c.answered / c.invited) : null,
  };
}

/** Sums the counts into office, team and counselor rows (pure). `officeId` narrows to one office and adds its counselors. */
export function aggregate(
  tree: UnitTree,
  names: Map<string, string>,
  data: { meetings: MeetingCountRow[]; answers: AnswerCountRow[] },
  officeId: string | null,
  closed = true,
): MonitoringRow[] {
  const rows = new Map<string, MonitoringRow>();
  const rowFor = (level: Level, id: string, office: string | null) => {
    const key = `${level}:${id}`;
    let row = rows.get(key);
    if (!row) {
      const name = level === 'counselor' ? (names.get(id) ?? id) : (tree.get(id)?.name ?? id);
      row = { level, id, name, office_id: office, ...emptyCounts() };
      rows.set(key, row);
    }
    return row;
  };
  const targets = (counselorId: string, unitId: string): MonitoringRow[] => {
    const office = officeOf(tree, unitId)?.id ?? null;
    if (officeId && office !== officeId) return [];
    const out = office ? [rowFor('office', office, office)] : [];
    if (tree.get(unitId)?.kind === 'team') out.push(rowFor('team', unitId, office));
    if (officeId) out.push(rowFor('counselor', counselorId, office));
    return out;
  };
  for (const m of data.meetings) {
    for (const row of targets(m.counselor_id, m.unit_id)) {
      add(row, m);
      if (m.exclusion_reason) {
        row.excluded[m.exclusion_reason] = (row.excluded[m.exclusion_reason] ?? 0) + m.registered;
        row.excluded_total += m.registered;
      }
    }
  }
  for (const a of data.answers) for (const row of targets(a.counselor_id, a.unit_id)) row.answered += a.answered;
  const order: Record<Level, number> = { office: 0, team: 1, counselor: 2 };
  const officeName = (id: string | null) => (id ? (tree.get(id)?.name ?? id) : '');
  // Alphabetical within office, never by a figure: this is a process view, not a league table.
  return [...rows.values()]
    .map((r) => ({ ...r, ...finish(r, closed) }))
    .sort(
      (a, b) =>
        officeName(a.office_id).localeCompare(officeName(b.office_id), 'nb') ||
        order[a.level] - order[b.level] ||
        a.name.localeCompare(b.name, 'nb'),
    );
}

function addTo(series: MonthlySeries, month: string, registered: number, invited: number) {
  const current = series.get(month) ?? { registered: 0, invited: 0 };
  series.set(month, { registered: current.registered + registered, invited: current.invited + invited });
}

/** Runs the detector over every team and active counselor (pure). */
export function flagsFor(
  tree: UnitTree,
  employees: Map<string, { name: string; unit_id: string; active: boolean }>,
  meetings: MeetingCountRow[],
  judgedMonth: string,
  params: DetectorParams,
): MonitoringFlag[] {
  const byCounselor = new Map<string, MonthlySeries>();
  const byTeam = new Map<string, MonthlySeries>();
  const byOffice = new Map<string, MonthlySeries>();
  const nation: MonthlySeries = new Map();
  for (const m of meetings) {
    const series = (map: Map<string, MonthlySeries>, key: string) => map.get(key) ?? map.set(key, new Map()).get(key)!;
    addTo(series(byCounselor, m.counselor_id), m.month, m.registered, m.invited);
    if (tree.get(m.unit_id)?.kind === 'team') addTo(series(byTeam, m.unit_id), m.month, m.registered, m.invited);
    const office = officeOf(tree, m.unit_id);
    if (office) addTo(series(byOffice, office.id), m.month, m.registered, m.invited);
    addTo(nation, m.month, m.registered, m.invited);
  }
  const officeInfo = (unitId: string) => {
    const office = officeOf(tree, unitId);
    return { office_id: office?.id ?? null, office_name: office?.name ?? null };
  };
  const toFlag =
    (level: 'team' | 'counselor', id: string, name: string, unitId: string) =>
    (f: DropFlag): MonitoringFlag => {
      const { lowerBound, seasonalFactor, ...rest } = f;
      return { level, id, name, ...officeInfo(unitId), ...rest, lower_bound: lowerBound, seasonal_factor: seasonalFactor };
    };
  const flags: MonitoringFlag[] = [];
  for (const [teamId, series] of byTeam) {
    if (!tree.get(teamId)?.active) continue;
    flags.push(
      ...detectDrops(series, without(nation, series), judgedMonth, params).map(toFlag('team', teamId, tree.get(teamId)!.name, teamId)),
    );
  }
  for (const [counselorId, series] of byCounselor) {
    const employee = employees.get(counselorId);
    if (!employee?.active) continue;
    const office = officeOf(tree, employee.unit_id);
    const officeSeries = office ? byOffice.get(office.id) : undefined;
    const reference = officeSeries ? without(officeSeries, series) : null;
    flags.push(
      ...detectDrops(series, reference, judgedMonth, params).map(toFlag('counselor', counselorId, employee.name, employee.unit_id)),
    );
  }
  return flags.sort(
    (a, b) =>
      (a.office_name ?? '').localeCompare(b.office_name ?? '', 'nb') ||
      a.level.localeCompare(b.level) ||
      a.name.localeCompare(b.name, 'nb'),
  );
}

/** The month ('YYYY-MM') a moment falls in, in TIME_ZONE (a UTC month would start an hour or two late in Norway). */
const monthOf = (date: Date, timeZone: string) => monthStartOf(date, timeZone).slice(0, 7);

/** The periods an administrator can pick: the last 13 months, or the last 4 tertials, newest first. */
export function availablePeriods(now: Date, kind: 'month' | 'tertial', timeZone: string): Period[] {
  const out: Period[] = [];
  let month = monthOf(now, timeZone);
  while (out.length < (kind === 'month' ? 13 : 4)) {
    const period = periodOf(monthStart(month), kind);
    if (!out.some((p) => p.key === period.key)) out.push(period);
    month = addMonths(month, -1);
  }
  return out;
}

export async function monitoringReport(
  ctx: AppContext,
  options: { kind: 'month' | 'tertial'; periodKey?: string; officeId?: string },
): Promise<MonitoringReport> {
  const now = ctx.now();
  const periods = availablePeriods(now, options.kind, ctx.config.TIME_ZONE);
  const judgedMonth = addMonths(monthOf(now, ctx.config.TIME_ZONE), -1);
  // By default the period holding the last complete month: the current one is still filling up.
  const periodKey = options.periodKey ?? periodOf(monthStart(judgedMonth), options.kind).key;
  const period = periods.find((p) => p.key === periodKey);
  if (!period) throw new RangeError(`period ${options.periodKey} is not one of ${periods.map((p) => p.key).join(', ')}`);
  const tree = await loadUnitTree(ctx.db);
  const office = options.officeId ? tree.get(options.officeId) : undefined;
  if (options.officeId && office?.kind !== 'office') throw new RangeError(`no office ${options.officeId}`);
  const employeeRows = await ctx.db.selectFrom('employee').select(['id', 'name', 'unit_id', 'active']).execute();
  const employees = new Map(employeeRows.map((e) => [e.id, e]));
  const names = new Map(employeeRows.map((e) => [e.id, e.name]));

  const params = paramsFrom(ctx.config);
  // One pass over the meetings serves both the period's table and the detector's window.
  const periodFrom = period.from.slice(0, 7);
  const periodTo = period.to.slice(0, 7);
  const windowFrom = addMonths(judgedMonth, -params.historyMonths);
  const windowTo = addMonths(judgedMonth, 1);
  const meetings = await meetingCounts(ctx, periodFrom < windowFrom ? periodFrom : windowFrom, periodTo > windowTo ? periodTo : windowTo);
  const inside = (from: string, to: string) => (m: MeetingCountRow) => m.month >= from && m.month < to;
  const closed = isClosed(period, now, closingRulesOf(ctx.config));
  const rows = aggregate(
    tree,
    names,
    { meetings: meetings.filter(inside(periodFrom, periodTo)), answers: await answerCounts(ctx, periodFrom, periodTo) },
    office?.id ?? null,
    closed,
  );
  const allFlags = flagsFor(tree, employees, meetings.filter(inside(windowFrom, windowTo)), judgedMonth, params);
  const byChannel = await channelCounts(
    ctx,
    periodFrom,
    periodTo,
    office ? [office.id, ...descendants(tree, office.id).map((u) => u.id)] : null,
    closed,
  );

  return {
    period,
    periods_available: periods.map((p) => p.key),
    office: office ? { id: office.id, name: office.name } : null,
    offices: [...tree.values()]
      .filter((u) => u.kind === 'office' && u.active)
      .map((u) => ({ id: u.id, name: u.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nb')),
    rows,
    by_channel: byChannel,
    by_channel_total: sumCounts(byChannel, closed),
    judged_month: judgedMonth,
    closed,
    closes_on: closed ? null : localDate(closesAt(period, closingRulesOf(ctx.config)), ctx.config.TIME_ZONE),
    answers_through: lastFinalMonth(now, closingRulesOf(ctx.config)).slice(0, 7),
    rule: params,
    flags: office ? allFlags.filter((f) => f.office_id === office.id) : allFlags,
  };
}
