import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { descendants, isWithin, type Actor, type UnitTree } from '../access/scope.ts';
import type { Lang } from '../i18n/index.ts';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import type { Thresholds } from '../disclosure/relations.ts';
import { shuffled, type Figure } from '../disclosure/figures.ts';
import { loadReleaseTable, NAV_GENERAL, OVERALL } from '../disclosure/group-store.ts';
import { dispatchFromCounts, type DispatchCounts } from '../disclosure/counts.ts';
import { lastPeriods, monthStartOf } from '../time/periods.ts';
import { periodOf, type PeriodKind } from '../time/periods.ts';
import type { ReleaseTable } from '../disclosure/group-table.ts';
import { employeeNameMatcher, type CommentItem } from './counselor-report.ts';
import { scrubComment } from '../validation/scrub.ts';
import { commentNotHidden } from '../consent/hidden.ts';
import { readableCounselors, readerViewFor } from '../consent/readers.ts';
import { groupSubject, type ReaderView } from '../disclosure/reader-store.ts';
import { closingRulesOf, latestClosed } from '../time/closing.ts';

/**
 * Group reports: a leader's team and office, a county or national analyst's offices side by side.
 * Every figure comes from the one released table; the access check (canViewUnit) is made by the
 * route before this is called, and the breakdown below a unit is chosen here by role: teams for a
 * leader, offices for analysts (drill-down stops at office), never individuals.
 */

export const TREND_LENGTH: Record<PeriodKind, number> = { month: 6, tertial: 6, year: 3 };

export interface UnitRef {
  id: string;
  name: string;
  kind: string;
}

export interface GroupResult {
  answers: number;
  released: boolean;
  statements: Array<{ id: string; text: string; figure: Figure }>;
  overall: Figure;
  nav_general: Figure;
}

export type CommentBatch =
  { period: string; suppressed: true; n_min: number } | { period: string; suppressed: false; items: CommentItem[] };

export interface UnitReport {
  unit: UnitRef;
  period_kind: PeriodKind;
  period: string;
  thresholds: Thresholds;
  current: GroupResult;
  /** Oldest first. */
  trend: Array<{ period: string; answers: number; overall: Figure; nav_general: Figure }>;
  /** Sub-units side by side, alphabetical (never ordered by score). */
  breakdown: Array<{ unit: UnitRef } & GroupResult>;
  response_rates: DispatchCounts[];
  /** Team comments for a leader, per tertial; null where comments are not part of the view. */
  comments: CommentBatch | null;
  /** Hook for sharing/policy: a link to individual results where the counselor or an office policy allows it. */
  individualResultsLink?: string;
}

export function groupResult(table: ReleaseTable, unitId: string, period: string, lang: Lang): GroupResult {
  const cell = table.cell(unitId, period);
  return {
    answers: cell.answers,
    released: cell.released,
    statements: NATIONAL_INSTRUMENT.statements.map((s, i) => ({ id: s.id, text: s.text[lang], figure: cell.measures[i] })),
    overall: cell.measures[OVERALL],
    nav_general: cell.measures[NAV_GENERAL],
  };
}

/** The period a report shows when none is asked for: the latest closed one (only closed periods carry figures). */
export function currentPeriodKey(ctx: AppContext, kind: PeriodKind): string {
  return latestClosed(kind, ctx.now(), closingRulesOf(ctx.config)).key;
}

/**
 * The periods a trend shows, oldest first: the last TREND_LENGTH up to the one asked for — and, when
 * that is the latest closed one, on to the period holding today, whose meetings and invitations are
 * counted as they happen though its figures wait for it to close.
 */
export function trendOf(ctx: AppContext, period: { kind: PeriodKind; from: string; key: string }) {
  const now = periodOf(monthStartOf(ctx.now(), ctx.config.TIME_ZONE), period.kind);
  const end = period.key === currentPeriodKey(ctx, period.kind) ? now : period;
  const periods = lastPeriods(end.from, period.kind, TREND_LENGTH[period.kind]);
  return periods.some((p) => p.key === period.key) ? periods : lastPeriods(period.from, period.kind, TREND_LENGTH[period.kind]);
}

export function isLeaderView(actor: Actor, tree: UnitTree, unitId: string): boolean {
  return actor.leaderOf.some((root) => isWithin(tree, unitId, root));
}

export async function unitReport(
  ctx: AppContext,
  actor: Actor,
  tree: UnitTree,
  unitId: string,
  period: { kind: PeriodKind; from: string; key: string },
  lang: Lang,
): Promise<UnitReport> {
  const unit = tree.get(unitId)!;
  const trendPeriods = trendOf(ctx, period);
  const years = [...new Set(trendPeriods.flatMap((p) => [Number(p.from.slice(0, 4))]))];
  const leader = isLeaderView(actor, tree, unitId);

  const subUnits =
    unit.kind === 'office'
      ? leader
        ? [...tree.values()].filter((u) => u.parent_id === unitId && u.kind === 'team')
        : []
      : unit.kind === 'county' || unit.kind === 'nation'
        ? descendants(tree, unitId).filter((u) => u.kind === 'office')
        : [];
  subUnits.sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  const [{ table }, readable] = await Promise.all([
    loadReleaseTable(ctx, years, tree, [unitId, ...subUnits.map((u) => u.id)]),
    // Individual results only through the counselor's own sharing or a published policy (src/sharing).
    leader ? readableCounselors(ctx, actor, tree) : Promise.resolve([]),
  ]);

  // A team's comments are decided for this leader together with any comments shared with them.
  const comments =
    leader && unit.kind === 'team' ? await teamComments(ctx, table, await readerViewFor(ctx, actor, tree, readable), unitId, period) : null;

  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    period_kind: period.kind,
    period: period.key,
    thresholds: table.thresholds,
    current: groupResult(table, unitId, period.key, lang),
    trend: trendPeriods.map((p) => {
      const cell = table.cell(unitId, p.key);
      return { period: p.key, answers: cell.answers, overall: cell.measures[OVERALL], nav_general: cell.measures[NAV_GENERAL] };
    }),
    breakdown: subUnits.map((u) => ({ unit: { id: u.id, name: u.name, kind: u.kind }, ...groupResult(table, u.id, period.key, lang) })),
    // From the snapshot, like the figures (a meeting count is not an answer and needs no suppression).
    response_rates: trendPeriods.map((p) =>
      dispatchFromCounts(p.key, table.cell(unitId, p.key).dispatch, table.cell(unitId, p.key).closed),
    ),
    comments,
    ...(readable.length > 0 ? { individualResultsLink: `/shared-with-me?lang=${lang}` } : {}),
  };
}

/**
 * Comments are released per closed tertial (a fixed batch: a month-by-month or year view would let
 * batches be differenced), for a released team with at least MIN_ANSWERS_COMMENTS answers, and only
 * where the batch and the comments shared with this leader leave no small group standing out
 * (disclosure/comments.ts).
 */
async function teamComments(
  ctx: AppContext,
  table: ReleaseTable,
  view: ReaderView,
  teamId: string,
  period: { from: string },
): Promise<CommentBatch> {
  const tertial = periodOf(period.from, 'tertial');
  const cell = table.cell(teamId, tertial.key);
  const groupRule = cell.closed && cell.released && cell.answers >= table.thresholds.comments;
  if (!groupRule || view.teamComments(teamId, tertial.key) === false)
    return { period: tertial.key, suppressed: true, n_min: table.thresholds.comments };
  const rows = await ctx.db
    .selectFrom('response')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'comment', 'language'])
    .where('unit_id', '=', teamId)
    .where('instrument_id', '=', NATIONAL_INSTRUMENT.id)
    .where('instrument_version', '=', NATIONAL_INSTRUMENT.version)
    .where('month', '>=', tertial.from)
    .where('month', '<', tertial.to)
    .where('comment', 'is not', null)
    .where(commentNotHidden)
    .execute();
  const names = rows.length > 0 ? await employeeNameMatcher(ctx) : undefined;
  const items = rows.map((r) => ({ month: r.month, text: scrubComment(r.comment ?? '', names), lang: r.language }));
  await view.record([
    {
      subject: groupSubject(teamId),
      instrument: { id: NATIONAL_INSTRUMENT.id, version: NATIONAL_INSTRUMENT.version },
      period: tertial.key,
      measures: ['comments'],
    },
  ]);
  return { period: tertial.key, suppressed: false, items: shuffled(items, `${teamId}|${tertial.key}`) };
}
