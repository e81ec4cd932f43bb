import type { UnitTree } from '../access/scope.ts';
import type { Cell, Relation, Thresholds } from './relations.ts';
import { protectFigures, UnmendableLeak, type AuditUnit } from './audit.ts';
import { figureFrom, type Figure } from './figures.ts';
import { addMonths, parsePeriodKey, periodOf, type PeriodKind } from '../time/periods.ts';

/**
 * The released table: every (unit × fixed period) cell of the years asked for, with disclosure
 * control applied over the whole unit tree at once, per measure. Pure: the database layer hands
 * in month-level tallies, and every report, export and API picks its cells from this one table.
 *
 * Only final months count, and only closed periods carry figures (time/closing.ts). A cell's
 * decision is taken once, when its period closes, and then kept (`decided`): a reader who comes
 * back each month has seen every earlier decision, so a later period's complements are chosen
 * among the cells deciding now, never by taking back a figure already out.
 */

/** Answers per unit, month and counselor (for k and m). */
export interface AnswerTally {
  unitId: string;
  /** ISO date of the month's first day. */
  month: string;
  counselorId: string;
  n: number;
}

/** One measure (statement, overall, NAV in general) per unit, month and counselor: each measure has its own n and its own counselors (don't-know answers drop out). */
export interface MeasureTally {
  unitId: string;
  month: string;
  counselorId: string;
  measure: number;
  n: number;
  sum: number;
  positive: number;
  dontKnow: number;
  /** Counts of the values 1..6. */
  distribution: number[];
}

export interface GroupCell {
  unitId: string;
  period: string;
  /** The period has closed: its answers are final and its figures decided. */
  closed: boolean;
  /** Answers in the period's final months (for an open period, so far). */
  answers: number;
  /** Meetings by outcome and answers, where the snapshot holds them (disclosure/counts.ts: dispatchFromCounts reads them). */
  dispatch?: number[];
  /** The group as a whole passes disclosure control (figures may still be suppressed one by one). */
  released: boolean;
  measures: Figure[];
  /**
   * Per measure, answers and counselors behind the cell, released or not: kept in the snapshot for the
   * disclosure module's own checks of what a reader can work out (reader.ts), never sent to a reader.
   */
  counts?: Array<[number, number]>;
}

export interface ReleaseTable {
  thresholds: Thresholds;
  /** Throws for a cell the table does not hold (a unit or year that was not loaded). */
  cell(unitId: string, periodKey: string): GroupCell;
}

/** A table that can also list every cell it holds (for storing a snapshot). */
export interface FullReleaseTable extends ReleaseTable {
  cells(): GroupCell[];
}

const DIRECT = '#direct';

/** Every fixed period key of a year: 12 months, 3 tertials, the year. */
export function periodsOfYear(year: number): Array<{ key: string; kind: PeriodKind }> {
  const months = Array.from({ length: 12 }, (_, i) => periodOf(`${year}-${String(i + 1).padStart(2, '0')}-01`, 'month').key);
  return [
    ...months.map((key) => ({ key, kind: 'month' as const })),
    ...['T1', 'T2', 'T3'].map((t) => ({ key: `${year}-${t}`, kind: 'tertial' as const })),
    { key: String(year), kind: 'year' as const },
  ];
}

/** A decision taken when a cell's period closed: the group and each measure released or not, for the answers it had. */
export interface DecidedCell {
  answers: number;
  released: boolean;
  measures: boolean[];
}

export function buildReleaseTable(input: {
  tree: UnitTree;
  years: number[];
  measureCount: number;
  answers: AnswerTally[];
  measures: MeasureTally[];
  thresholds: Thresholds;
  /** The last final month (YYYY-MM-01): later answers are left out and periods ending later are open. Default: every month final. */
  finalThrough?: string;
  /** Decisions of cells whose period closed before, by `unitId@period`; kept where the cell still holds the same answers. */
  decided?: ReadonlyMap<string, DecidedCell>;
}): FullReleaseTable {
  const { tree, years, measureCount, thresholds } = input;
  const finalThrough = input.finalThrough ?? '9999-12-01';
  const isFinal = (month: string) => month.slice(0, 10) <= finalThrough;
  const children = new Map<string, string[]>();
  for (const u of tree.values()) {
    if (u.parent_id && tree.has(u.parent_id)) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  }
  const isLeaf = (id: string) => !children.has(id);
  // Answers registered on a unit that has sub-units belong to its hidden "direct" part.
  const unitKeys = [...tree.keys()].flatMap((id) => (isLeaf(id) ? [id] : [id, id + DIRECT]));
  const periodKeys = years.flatMap((y) => periodsOfYear(y).map((p) => p.key));
  const cellId = (unitKey: string, periodKey: string) => `${unitKey}@${periodKey}`;

  const closedPeriod = new Set(periodKeys.filter((key) => isFinal(addMonths(parsePeriodKey(key)!.to, -1))));
  // Relations only among closed periods: an open period is not a figure at all yet.
  const relations: Relation[] = [];
  for (const p of periodKeys) {
    if (!closedPeriod.has(p)) continue;
    for (const [parent, kids] of children)
      relations.push({ total: cellId(parent, p), parts: [...kids.map((k) => cellId(k, p)), cellId(parent + DIRECT, p)] });
  }
  for (const u of unitKeys) {
    for (const y of years) {
      if (closedPeriod.has(String(y)))
        relations.push({ total: cellId(u, String(y)), parts: ['T1', 'T2', 'T3'].map((t) => cellId(u, `${y}-${t}`)) });
      for (let t = 1; t <= 3; t++) {
        if (!closedPeriod.has(`${y}-T${t}`)) continue;
        const months = [1, 2, 3, 4].map((m) => cellId(u, `${y}-${String((t - 1) * 4 + m).padStart(2, '0')}`));
        relations.push({ total: cellId(u, `${y}-T${t}`), parts: months });
      }
    }
  }

  /** The unit keys an answer registered on `unitId` counts towards. */
  const targetsCache = new Map<string, string[]>();
  const targetsOf = (unitId: string): string[] => {
    let cached = targetsCache.get(unitId);
    if (!cached) {
      cached = [isLeaf(unitId) ? unitId : unitId + DIRECT];
      if (!isLeaf(unitId)) cached.push(unitId);
      let parent = tree.get(unitId)?.parent_id;
      const seen = new Set([unitId]);
      while (parent && tree.has(parent) && !seen.has(parent)) {
        cached.push(parent);
        seen.add(parent);
        parent = tree.get(parent)!.parent_id;
      }
      targetsCache.set(unitId, cached);
    }
    return cached;
  };
  const periodCache = new Map<string, string[]>();
  const periodsOfMonth = (month: string) => {
    let keys = periodCache.get(month);
    if (!keys) periodCache.set(month, (keys = (['month', 'tertial', 'year'] as const).map((k) => periodOf(month, k).key)));
    return keys;
  };
  /** Every cell id an answer registered on `unitId` in `month` counts towards (unit and its ancestors × month, tertial, year). */
  const targetCache = new Map<string, string[]>();
  const cellsOf = (unitId: string, month: string) => {
    const key = `${unitId}|${month}`;
    let ids = targetCache.get(key);
    if (!ids) targetCache.set(key, (ids = targetsOf(unitId).flatMap((u) => periodsOfMonth(month).map((p) => cellId(u, p)))));
    return ids;
  };
  const yearSet = new Set(years);

  const groups = new Map<string, Cell>();
  for (const u of unitKeys)
    for (const p of periodKeys) groups.set(cellId(u, p), { id: cellId(u, p), n: 0, counselors: new Set(), hidden: u.endsWith(DIRECT) });
  for (const a of input.answers) {
    if (!tree.has(a.unitId) || !yearSet.has(Number(a.month.slice(0, 4))) || !isFinal(a.month)) continue;
    for (const id of cellsOf(a.unitId, a.month)) {
      const cell = groups.get(id)!;
      cell.n += a.n;
      (cell.counselors as Set<string>).add(a.counselorId);
    }
  }
  const auditUnits: AuditUnit[] = [...tree.values()].flatMap((u) => {
    const self = { key: u.id, parent: u.parent_id && tree.has(u.parent_id) ? u.parent_id : null };
    return isLeaf(u.id) ? [self] : [self, { key: u.id + DIRECT, parent: u.id }];
  });
  // What is decided: an open period's cells (never released), and each closed cell decided before
  // that still holds the same answers (after a reorganisation a unit's past cells can change; those
  // are decided afresh).
  const decidedOf = (pick: (d: DecidedCell) => boolean): Map<string, boolean> => {
    const fixed = new Map<string, boolean>();
    for (const [id, g] of groups) {
      const period = id.slice(id.lastIndexOf('@') + 1);
      if (!closedPeriod.has(period)) fixed.set(id, false);
      else if (!g.hidden) {
        const before = input.decided?.get(id);
        if (before && before.answers === g.n) fixed.set(id, pick(before));
      }
    }
    return fixed;
  };
  const protect = (cells: ReadonlyMap<string, Cell>, initially: Iterable<string>, fixed: Map<string, boolean>) => {
    try {
      return protectFigures({ cells, relations, units: auditUnits, years, thresholds, cellId, initially, fixed });
    } catch (error) {
      if (!(error instanceof UnmendableLeak)) throw error;
      // Answers in a closed period changed under figures released before (a correction, a deletion):
      // keeping every earlier release would leak, so those are decided afresh; open periods stay hidden.
      const openOnly = new Map([...fixed].filter(([, released]) => !released));
      return protectFigures({ cells, relations, units: auditUnits, years, thresholds, cellId, initially, fixed: openOnly });
    }
  };
  const groupSuppressed = protect(
    groups,
    [],
    decidedOf((d) => d.released),
  );

  type Sum = { n: number; sum: number; positive: number; dontKnow: number; distribution: number[]; counselors: Set<string> };
  const sums = new Map<string, Sum[]>();
  const sumsOf = (id: string) => {
    let s = sums.get(id);
    if (!s) {
      s = Array.from({ length: measureCount }, () => ({
        n: 0,
        sum: 0,
        positive: 0,
        dontKnow: 0,
        distribution: [0, 0, 0, 0, 0, 0],
        counselors: new Set<string>(),
      }));
      sums.set(id, s);
    }
    return s;
  };
  for (const m of input.measures) {
    if (!tree.has(m.unitId) || m.measure < 0 || m.measure >= measureCount || !yearSet.has(Number(m.month.slice(0, 4))) || !isFinal(m.month))
      continue;
    for (const id of cellsOf(m.unitId, m.month)) {
      const s = sumsOf(id)[m.measure];
      s.n += m.n;
      s.sum += m.sum;
      s.positive += m.positive;
      s.dontKnow += m.dontKnow;
      if (m.n > 0) s.counselors.add(m.counselorId);
      for (let i = 0; i < 6; i++) s.distribution[i] += m.distribution[i] ?? 0;
    }
  }
  // Each measure has its own n (don't-know answers drop out), so each gets its own pass, starting
  // from the group's pattern.
  const measureSuppressed: Set<string>[] = [];
  for (let j = 0; j < measureCount; j++) {
    const cells = new Map<string, Cell>();
    for (const [id, g] of groups) {
      const s = sums.get(id)?.[j];
      cells.set(id, { ...g, n: s?.n ?? 0, counselors: s?.counselors ?? new Set() });
    }
    measureSuppressed.push(
      protect(
        cells,
        groupSuppressed,
        decidedOf((d) => d.measures[j] ?? false),
      ),
    );
  }

  const hiddenFigure: Figure = { suppressed: true, reason: 'disclosure_control', n_min: thresholds.answers };
  const openFigure: Figure = { suppressed: true, reason: 'period_open', n_min: thresholds.answers };
  const cell = (unitId: string, periodKey: string): GroupCell => {
    const id = cellId(unitId, periodKey);
    const group = groups.get(id);
    if (!group || group.hidden) throw new Error(`No cell ${id} in the released table`);
    const closed = closedPeriod.has(periodKey);
    return {
      unitId,
      period: periodKey,
      closed,
      answers: group.n,
      released: closed && !groupSuppressed.has(id),
      measures: Array.from({ length: measureCount }, (_, j) => {
        if (!closed) return openFigure;
        if (measureSuppressed[j].has(id)) return hiddenFigure;
        const { counselors: _counselors, ...tally } = sums.get(id)![j];
        return figureFrom(tally, thresholds.answers);
      }),
      counts: Array.from({ length: measureCount }, (_, j): [number, number] => {
        const s = sums.get(id)?.[j];
        return s ? [s.n, s.counselors.size] : [0, 0];
      }),
    };
  };
  return {
    thresholds,
    cell,
    cells: () => [...tree.keys()].flatMap((unitId) => periodKeys.map((p) => cell(unitId, p))),
  };
}

/**
 * Sums counts registered on units per month into every (unit × fixed period) cell of the tree, as
 * the released table does for answers (a unit's cell includes everything beneath it). Counts of
 * meetings and invitations are not answers and need no suppression.
 */
export function rollUpCounts(
  tree: UnitTree,
  years: number[],
  rows: Array<{ unitId: string; month: string; counts: number[] }>,
  width: number,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const yearSet = new Set(years);
  for (const row of rows) {
    if (!tree.has(row.unitId) || !yearSet.has(Number(row.month.slice(0, 4)))) continue;
    const units: string[] = [];
    for (let u: string | null | undefined = row.unitId; u && tree.has(u) && !units.includes(u); u = tree.get(u)!.parent_id) units.push(u);
    for (const unit of units) {
      for (const kind of ['month', 'tertial', 'year'] as const) {
        const id = `${unit}@${periodOf(row.month, kind).key}`;
        const sums = out.get(id) ?? Array(width).fill(0);
        row.counts.forEach((c, i) => (sums[i] += c));
        out.set(id, sums);
      }
    }
  }
  return out;
}
