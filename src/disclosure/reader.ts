import type { UnitTree } from '../access/scope.ts';
import { addMonths, parsePeriodKey } from '../time/periods.ts';
import {
  commonFunctionals,
  findLeaks,
  protectFigures,
  reducedBasis,
  UnmendableLeak,
  spaceWithin,
  yearPeriods,
  type AuditUnit,
  type InsiderCheck,
  type Remainder,
} from './audit.ts';
import { figureFrom, type Figure } from './figures.ts';
import type { Cell, Relation, Thresholds } from './relations.ts';

/**
 * Disclosure control for one reader, pure: which individual figures (a counselor's own, or a
 * colleague's shared with the reader, or opened by an office policy) and which comparison averages
 * this reader may see, so that together with every group figure the reader can open — and with
 * everything shown to them before — nothing smaller than a releasable group can be worked out.
 *
 * The released group table (group-table.ts) is safe for anyone who sees all of it. A reader who
 * also sees some counselors one by one ("transparent" counselors) knows more: a team's figure minus
 * a counselor who shared it is the rest of the team. So for each office holding such counselors the
 * audit builds the office's tree with a leaf per transparent counselor and unit (their answers
 * registered there) and one "rest" node per unit for everybody else, and runs the exact linear audit
 * (audit.ts) on it:
 *  - a transparent leaf: any derivable set of its months needs k answers (the counselor consented
 *    to figures, not to single answers);
 *  - a rest node, and a unit without transparent counselors beneath it: k answers from m counselors,
 *    or m − 1 other counselors where the reader is one of the unit's own (an insider knows their
 *    own share: the classic rule of three);
 *  - a unit mixing both is not checked itself; what is left of it once all its transparent
 *    counselors are taken off is (a Remainder).
 * Group figures the reader's role opens are given; a figure shown to this reader before (their
 * history) is given too. Only the rest is decided: comparison averages first, then colleagues'
 * figures, the reader's own last. What the office's own totals reveal must not grow (else a county
 * or national figure minus the office could open other offices), whenever the reader sees any unit
 * above the office.
 */

/** Answers per unit, counselor, month and measure: final months only. */
export interface LeafTally {
  unitId: string;
  counselorId: string;
  month: string;
  measure: number;
  n: number;
  sum: number;
  positive: number;
  dontKnow: number;
  distribution: number[];
}

/** How a group cell stands for this reader. */
export type GroupVisibility =
  /** The reader's role opens it and it is released. */
  | 'shown'
  /** Released, and the reader may see it as a comparison average if this audit allows. */
  | 'candidate'
  | 'hidden';

export interface ReaderInput {
  tree: UnitTree;
  year: number;
  measureCount: number;
  /** The last final month (YYYY-MM-01). */
  finalThrough: string;
  thresholds: Thresholds;
  /** The reader (an employee id). */
  reader: string;
  /** Counselors whose individual figures the reader may see now (themself, shares, an office policy). */
  transparent: ReadonlySet<string>;
  /**
   * Counselors the reader was shown figures of before but may not see now (a share since revoked):
   * what was shown is still known, so they count as seen one by one with those figures fixed.
   */
  seenBefore?: ReadonlySet<string>;
  /** Every answer in the offices (or above-office units) where a transparent counselor has answers. */
  tallies: readonly LeafTally[];
  /** Group cells of units in those offices, and of their ancestors, as this reader stands to them. */
  group: (unitId: string, period: string, measure: number) => GroupVisibility;
  /** Released in the group table at all (for anyone whose role opens it). */
  groupReleased: (unitId: string, period: string, measure: number) => boolean;
  /** Answers of a unit in a month (what anyone sees as the count), for the units above each office. */
  answersOf: (unitId: string, month: string) => number;
  /** Answers on the scale and counselors behind a unit's month, for one measure (the group table's own counts). */
  countsOf: (unitId: string, month: string, measure: number) => { n: number; counselors: number };
  /** The reader's role opens units above the office (a county or the nation): what they know of the office is taken as everything. */
  seesAbove: (officeId: string) => boolean;
  /** Shown to this reader before: a transparent leaf's cell, or a comparison cell. */
  shownBefore: (subject: string, period: string, measure: number) => boolean;
}

export interface ReaderRelease {
  /** A transparent counselor's figure for their answers registered at `unitId`, as this reader may see it. */
  leaf(counselorId: string, unitId: string, period: string, measure: number): Figure;
  /** Whether a comparison cell (a 'candidate' group cell) may be shown to this reader. */
  groupShown(unitId: string, period: string, measure: number): boolean;
  /** Leaves and periods where the reader sees less than the counselor does, to say so on the page. */
  withheld(counselorId: string, unitId: string, period: string): boolean;
  /**
   * One counselor's figure over all the units they answered for in a period (a counselor who moved):
   * released only when each unit's figure is, as the sum of released figures tells nothing more.
   */
  combined(counselorId: string, period: string, measure: number): Figure;
}

/** Subject key of a leaf: the counselor's answers registered at a unit. */
export const leafSubject = (counselorId: string, unitId: string) => `${counselorId}|${unitId}`;
/** Subject key of a group cell shown to a reader as a comparison. */
export const groupSubject = (unitId: string) => `unit|${unitId}`;

const DIRECT = '#direct';
const PRIORITY = { comparison: 0, colleague: 1, own: 2 } as const;

export function auditReader(input: ReaderInput): ReaderRelease {
  const { tree, year, thresholds } = input;
  const allowed = input.transparent;
  const transparent = new Set([...allowed, ...(input.seenBefore ?? [])]);
  const periods = yearPeriods(year);
  const closed = new Set(periods.filter((p) => addMonths(parsePeriodKey(p.key)!.to, -1) <= input.finalThrough).map((p) => p.key));
  const monthKeys = periods.slice(0, 12).map((p) => p.key);
  const children = new Map<string, string[]>();
  for (const u of tree.values())
    if (u.parent_id && tree.has(u.parent_id)) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const officeOf = (unitId: string): string | null => {
    for (let at: string | null | undefined = unitId; at && tree.has(at); at = tree.get(at)!.parent_id)
      if (tree.get(at)!.kind === 'office') return at;
    return null;
  };
  const subtree = (root: string): string[] => [root, ...(children.get(root) ?? []).flatMap(subtree)];
  const isBelow = (unitId: string, root: string): boolean => {
    for (let at = tree.get(unitId)?.parent_id; at && tree.has(at); at = tree.get(at)!.parent_id) if (at === root) return true;
    return false;
  };
  const cellId = (node: string, period: string) => `${node}@${period}`;
  const monthOf = (t: LeafTally) => Number(t.month.slice(5, 7)) - 1;
  const periodOfMonth = (month: string) => periods.filter((p) => p.months.includes(Number(month.slice(5, 7)) - 1)).map((p) => p.key);

  // Tallies in this year's final months, by region: an office, or the direct part of a unit above offices.
  const rows = input.tallies.filter(
    (t) => Number(t.month.slice(0, 4)) === year && t.month.slice(0, 10) <= input.finalThrough && tree.has(t.unitId),
  );
  const regionOf = (unitId: string) => officeOf(unitId) ?? unitId + DIRECT;
  const byRegion = new Map<string, LeafTally[]>();
  for (const t of rows) if (transparent.has(t.counselorId)) byRegion.set(regionOf(t.unitId), []);
  for (const t of rows) byRegion.get(regionOf(t.unitId))?.push(t);
  const regions = [...byRegion].map(([region, regionRows]) => describeRegion(region, regionRows));

  /** The audit tree of one region: units, direct parts, a leaf per transparent counselor and unit, a rest node per unit. */
  function describeRegion(region: string, regionRows: LeafTally[]) {
    const isDirectRegion = region.endsWith(DIRECT);
    const rootUnit = isDirectRegion ? region.slice(0, -DIRECT.length) : region;
    const units = isDirectRegion ? [] : subtree(region);
    // Node keys: u:<unit>, d:<unit> (answers registered on a unit with sub-units), c:<counselor>|<unit>, r:<unit>; x:<unit> names a remainder.
    const holderOf = (unitId: string) => ((children.get(unitId)?.length ?? 0) > 0 ? `d:${unitId}` : `u:${unitId}`);
    const auditUnits: AuditUnit[] = [];
    const leavesUnder = new Map<string, Set<string>>();
    for (const v of units) {
      auditUnits.push({ key: `u:${v}`, parent: v === region ? null : `u:${tree.get(v)!.parent_id}` });
      if (holderOf(v) !== `u:${v}`) auditUnits.push({ key: `d:${v}`, parent: `u:${v}` });
    }
    if (isDirectRegion) auditUnits.push({ key: `d:${rootUnit}`, parent: null });
    // Units where the reader has answers of their own registered, and those with such answers beneath.
    const selfAt = new Set<string>();
    const selfWithin = new Set<string>();
    for (const v of new Set(regionRows.map((t) => t.unitId))) {
      const holder = isDirectRegion ? `d:${rootUnit}` : holderOf(v);
      const here = regionRows.filter((t) => t.unitId === v);
      for (const c of new Set(here.filter((t) => transparent.has(t.counselorId)).map((t) => t.counselorId))) {
        const key = `c:${leafSubject(c, v)}`;
        auditUnits.push({ key, parent: holder });
        // Every unit above the leaf (and its holder) now mixes transparent and other answers.
        for (let at: string | null | undefined = v; at && (isDirectRegion || units.includes(at)); at = tree.get(at)?.parent_id) {
          const set = leavesUnder.get(at) ?? new Set<string>();
          set.add(key);
          leavesUnder.set(at, set);
          if (isDirectRegion) break;
        }
        if (c === input.reader) {
          selfAt.add(v);
          for (let at: string | null | undefined = v; at && tree.has(at); at = tree.get(at)!.parent_id) selfWithin.add(at);
        }
      }
      if (here.some((t) => !transparent.has(t.counselorId))) auditUnits.push({ key: `r:${v}`, parent: holder });
    }
    for (const a of auditUnits) if (a.key.startsWith('u:') && leavesUnder.has(a.key.slice(2))) a.unchecked = true;
    if (isDirectRegion) auditUnits.find((a) => a.key === `d:${rootUnit}`)!.unchecked = true;
    const inUnit = (v: string, t: LeafTally) => (isDirectRegion ? t.unitId === rootUnit : t.unitId === v || isBelow(t.unitId, v));
    /** The nodes a tally counts towards: its leaf or rest node, the holder, and every unit up to the root. */
    const targetsOf = (t: LeafTally): string[] => {
      const out = [transparent.has(t.counselorId) ? `c:${leafSubject(t.counselorId, t.unitId)}` : `r:${t.unitId}`];
      if (isDirectRegion) return [...out, `d:${rootUnit}`];
      if (holderOf(t.unitId) !== `u:${t.unitId}`) out.push(holderOf(t.unitId));
      for (let at: string | null | undefined = t.unitId; at && units.includes(at); at = tree.get(at)?.parent_id) out.push(`u:${at}`);
      return out;
    };
    /** The audit nodes from just below `whole` down to a tally's leaf or rest node, largest first. */
    const pathOf = (t: LeafTally, whole: string): string[] => {
      const chain = targetsOf(t).reverse(); // root … unit, holder, leaf or rest
      const at = chain.indexOf(whole);
      return at < 0 ? chain : chain.slice(at + 1);
    };
    /** Decisions by the signature of what they depend on (see auditRegion). */
    const decided = new Map<string, { suppressed: Set<string>; nodeKnown: Map<string, number[][]> }>();
    return {
      region,
      regionRows,
      isDirectRegion,
      rootUnit,
      units,
      auditUnits,
      leavesUnder,
      selfAt,
      selfWithin,
      inUnit,
      targetsOf,
      pathOf,
      decided,
      rootKey: isDirectRegion ? `d:${rootUnit}` : `u:${region}`,
    };
  }
  type Region = ReturnType<typeof describeRegion>;
  /** A known part taken off a unit above the regions: a unit above (region null) or a node of a region's audit. */
  type TakenOff = { region: Region | null; key: string };
  /** Such a part with what the reader knows of it, its answers and counselors by month, and the parts it holds. */
  type Block = TakenOff & {
    known: number[][];
    n: number[];
    counselors: number[];
    ids: ReadonlySet<string>[];
    holds: (other: Block) => boolean;
  };

  /** One region's audit for one measure; `forced`: cells to withhold besides (from the pass over units above). */
  function auditRegion(r: Region, measure: number, forced: ReadonlySet<string>) {
    const { auditUnits, regionRows, isDirectRegion, rootUnit } = r;
    const cells = new Map<string, Cell>();
    // One counselor the reader may see needs k answers; a group m counselors, less one where it is
    // what is left of a unit once the reader's own answers are taken off (insiderOk below).
    const minCounselorsOf = (node: string): number => (node.startsWith('c:') ? 1 : thresholds.counselors);
    for (const { key: node } of auditUnits) {
      for (const p of periods)
        cells.set(cellId(node, p.key), { id: cellId(node, p.key), n: 0, counselors: new Set(), minCounselors: minCounselorsOf(node) });
    }
    const sums = new Map<string, { n: number; sum: number; positive: number; dontKnow: number; distribution: number[] }>();
    const measureRows = regionRows.filter((t) => t.measure === measure);
    for (const t of measureRows) {
      for (const node of r.targetsOf(t)) {
        for (const p of periodOfMonth(t.month)) {
          const cell = cells.get(cellId(node, p))!;
          cell.n += t.n;
          if (t.n > 0) (cell.counselors as Set<string>).add(t.counselorId);
          if (node.startsWith('c:')) {
            const s = sums.get(cellId(node, p)) ?? { n: 0, sum: 0, positive: 0, dontKnow: 0, distribution: [0, 0, 0, 0, 0, 0] };
            s.n += t.n;
            s.sum += t.sum;
            s.positive += t.positive;
            s.dontKnow += t.dontKnow;
            for (let i = 0; i < 6; i++) s.distribution[i] += t.distribution[i] ?? 0;
            sums.set(cellId(node, p), s);
          }
        }
      }
    }
    // What is left of each mixed unit once the reader takes off the parts beneath it they know (audit.ts).
    // Every mixed node: a unit, and the part registered directly on a unit with sub-units (a known
    // whole can hide a small rest inside it: the office's direct answers less a colleague's).
    const mixedNodes = [...r.leavesUnder.keys()].flatMap((v) => {
      const unit = { key: `x:${v}`, whole: isDirectRegion ? `d:${rootUnit}` : `u:${v}`, holds: (t: LeafTally) => r.inUnit(v, t) };
      const direct =
        !isDirectRegion &&
        r.auditUnits.some((a) => a.key === `d:${v}`) &&
        measureRows.some((t) => t.unitId === v && transparent.has(t.counselorId));
      return direct ? [unit, { key: `x:${v}#direct`, whole: `d:${v}`, holds: (t: LeafTally) => t.unitId === v }] : [unit];
    });
    const remainders: Remainder[] = mixedNodes.map(({ key, whole, holds }) => ({
      key,
      whole,
      atoms: measureRows.filter(holds).map((t) => ({
        path: r.pathOf(t, whole),
        counselor: t.counselorId,
        month: monthOf(t),
        n: t.n,
        transparent: transparent.has(t.counselorId),
      })),
      minCounselors: thresholds.counselors,
    }));
    const filled = measureRows.filter((t) => t.n > 0);
    const inNode = (node: string, t: LeafTally): boolean => {
      const id = node.slice(2);
      if (node.startsWith('c:')) return `c:${leafSubject(t.counselorId, t.unitId)}` === node;
      if (node.startsWith('r:')) return t.unitId === id && !transparent.has(t.counselorId);
      if (node.startsWith('d:')) return t.unitId === id;
      return r.inUnit(id, t);
    };
    /**
     * The rule of three for an insider: a group m − 1 counselors strong may be known to a reader
     * when it is what is left of a unit they belong to once their own answers — and colleagues they
     * see, known over the same months — are taken off (the comparison "my team without me").
     */
    const insiderOk: InsiderCheck = (node, months, takenOff, known) => {
      if (r.selfAt.size === 0) return false;
      const inMonths = filled.filter((t) => months.includes(monthOf(t)));
      const scope = !node.startsWith('x:')
        ? node
        : isDirectRegion
          ? `d:${rootUnit}`
          : node.endsWith('#direct')
            ? `d:${node.slice(2, -'#direct'.length)}`
            : `u:${node.slice(2)}`;
      const group = inMonths.filter((t) => inNode(scope, t) && !r.pathOf(t, scope).some((b) => takenOff.has(b)));
      // m − 1 others: answers of the reader's own still in the group (ones they cannot take off) do not count.
      if (
        new Set(group.filter((t) => t.counselorId !== input.reader).map((t) => t.counselorId)).size < Math.max(1, thresholds.counselors - 1)
      )
        return false;
      const inGroup = new Set(group);
      return [...r.selfWithin].some((a) => {
        if (!group.every((t) => r.inUnit(a, t))) return false;
        const others = inMonths.filter((t) => !inGroup.has(t) && r.inUnit(a, t));
        const within = isDirectRegion ? `d:${rootUnit}` : `u:${a}`;
        // A block that holds none of the group and is known over the months can be taken off.
        const holdsGroup = new Set(group.flatMap((t) => r.pathOf(t, within)));
        const takenOffKnown = (t: LeafTally) => r.pathOf(t, within).some((b) => !holdsGroup.has(b) && known(b));
        // The reader's own answers must be what they take off themselves (their own leaf): if a known
        // figure of others (their team's, say) takes them off already, the group is open to anyone
        // who sees those figures.
        const ownLeaf = (b: string) => b.startsWith(`c:${input.reader}|`);
        const takenOffByOthers = (t: LeafTally) => r.pathOf(t, within).some((b) => !ownLeaf(b) && !holdsGroup.has(b) && known(b));
        return (
          others.some((t) => t.counselorId === input.reader && !takenOffByOthers(t)) &&
          others.every((t) => t.counselorId === input.reader || takenOffKnown(t))
        );
      });
    };

    // Decided cells, candidates and their priority.
    const fixed = new Map<string, boolean>();
    const priority = new Map<string, number>();
    for (const { key: node } of auditUnits) {
      for (const p of periods) {
        const id = cellId(node, p.key);
        if (!closed.has(p.key) || node.startsWith('d:') || node.startsWith('r:')) {
          fixed.set(id, false);
          continue;
        }
        if (node.startsWith('u:')) {
          const unitId = node.slice(2);
          const seen = input.group(unitId, p.key, measure);
          if (seen === 'shown') fixed.set(id, true);
          else if (seen === 'candidate') {
            if (input.shownBefore(groupSubject(unitId), p.key, measure)) fixed.set(id, true);
            else priority.set(id, PRIORITY.comparison);
          } else fixed.set(id, false);
        } else {
          const subject = node.slice(2);
          if (input.shownBefore(subject, p.key, measure)) fixed.set(id, true);
          else if (!allowed.has(subject.slice(0, subject.indexOf('|')))) fixed.set(id, false);
          else priority.set(id, subject.startsWith(`${input.reader}|`) ? PRIORITY.own : PRIORITY.colleague);
        }
      }
    }
    // What the reader knows of the region's root from the units above it: where an ancestor's month
    // holds only the root's answers, the ancestor's figures are the root's.
    const outside = outsideKnowledge(input, rootUnit, isDirectRegion, year, measure, monthKeys, closed);
    const rootAudit = auditUnits.find((a) => a.key === r.rootKey)!;
    rootAudit.known = input.seesAbove(rootUnit) ? Array.from({ length: 12 }, (_, j) => unitVector(j)) : outside.vectors;

    // A leaf's periods are one another's sums: the relation rules give tidy patterns (a tertial rather than its months).
    const relations: Relation[] = [];
    for (const node of auditUnits.map((a) => a.key).filter((k) => k.startsWith('c:'))) {
      if (closed.has(String(year)))
        relations.push({ total: cellId(node, String(year)), parts: ['T1', 'T2', 'T3'].map((t) => cellId(node, `${year}-${t}`)) });
      for (let t = 1; t <= 3; t++) {
        if (!closed.has(`${year}-T${t}`)) continue;
        relations.push({
          total: cellId(node, `${year}-T${t}`),
          parts: [1, 2, 3, 4].map((m) => cellId(node, `${year}-${String((t - 1) * 4 + m).padStart(2, '0')}`)),
        });
      }
    }
    const protect = (initially: Iterable<string>) => {
      try {
        return protectFigures({
          cells,
          relations,
          units: auditUnits,
          remainders,
          insiderOk,
          years: [year],
          thresholds,
          cellId,
          initially,
          fixed,
          priority: (id) => priority.get(id) ?? 9,
        });
      } catch (error) {
        if (!(error instanceof UnmendableLeak)) throw error;
        // Nothing decided here can mend it (a leak among figures given or shown before): show nothing new.
        return new Set([...cells.keys()].filter((id) => fixed.get(id) !== true));
      }
    };
    // Measures whose answers fall alike (most, where few answer "don't know") get the same decisions:
    // they depend only on the counts, what is decided already and what may be chosen.
    const signature = [
      measureRows
        .map((t) => `${t.unitId}|${t.counselorId}|${t.month}|${t.n}`)
        .sort()
        .join(';'),
      [...fixed].map(([id, v]) => `${id}=${v}`).join(';'),
      [...priority].map(([id, v]) => `${id}=${v}`).join(';'),
      JSON.stringify(rootAudit.known),
      outside.watched,
      [...forced].sort().join(';'),
    ].join('#');
    const leaves = auditUnits.map((a) => a.key).filter((k) => k.startsWith('c:'));
    const known = r.decided.get(signature);
    if (known) return { cells, sums, fixed, priority, suppressed: known.suppressed, leaves, nodeKnown: known.nodeKnown };
    let suppressed = protect(forced);
    const knownOf = (hidden: ReadonlySet<string>, keys: string[]) => {
      const out = { keys, spaces: new Map<string, number[][]>() };
      findLeaks({ units: auditUnits, year, cells, suppressed: hidden, thresholds, cellId, knownOut: out });
      return out.spaces;
    };
    if (outside.watched) {
      // The root's totals must not become better known than the group table (safe for anyone who
      // sees all of it) and what the reader already had make them.
      const inGroupTable = (id: string) => {
        const at = id.lastIndexOf('@');
        return id.startsWith('u:') && closed.has(id.slice(at + 1)) && input.groupReleased(id.slice(2, at), id.slice(at + 1), measure);
      };
      const baseline = knownOf(new Set([...cells.keys()].filter((id) => fixed.get(id) !== true && !inGroupTable(id))), [r.rootKey]).get(
        r.rootKey,
      )!;
      const extra = [...priority.keys()].sort((a, b) => priority.get(a)! - priority.get(b)! || cells.get(a)!.n - cells.get(b)!.n);
      while (!spaceWithin(knownOf(suppressed, [r.rootKey]).get(r.rootKey)!, baseline)) {
        const next = extra.find((id) => !suppressed.has(id) && (cells.get(id)?.n ?? 0) > 0);
        if (!next) break;
        suppressed = protect([...suppressed, next]);
      }
    }
    // What the reader knows of each block they could take off a unit above (leakAbove): the region,
    // its units and direct parts, and the counselors they see.
    const nodeKnown = knownOf(
      suppressed,
      auditUnits.map((a) => a.key).filter((k) => !k.startsWith('r:')),
    );
    r.decided.set(signature, { suppressed, nodeKnown });
    return { cells, sums, fixed, priority, suppressed, leaves, nodeKnown };
  }

  const leafFigures = new Map<string, Figure>();
  const leafSums = new Map<
    string,
    { counselorId: string; n: number; sum: number; positive: number; dontKnow: number; distribution: number[] }
  >();
  const leafWithheld = new Set<string>();
  const groupDecisions = new Map<string, boolean>();
  // Units above the regions that the reader sees something of: a county or the nation as a comparison, or by role.
  const above = [
    ...new Set(regions.flatMap((r) => [...ancestorsOf(r.isDirectRegion ? r.rootUnit : (tree.get(r.rootUnit)?.parent_id ?? null))])),
  ];
  function* ancestorsOf(start: string | null): Generator<string> {
    for (let at: string | null | undefined = start; at && tree.has(at); at = tree.get(at)!.parent_id) yield at;
  }

  for (let measure = 0; measure < input.measureCount; measure++) {
    const forced = new Map<Region, Set<string>>(regions.map((r) => [r, new Set<string>()]));
    const results = new Map(regions.map((r) => [r, auditRegion(r, measure, new Set())]));
    // Comparison cells above the regions the pass below withholds.
    const hiddenAbove = new Set<string>();
    for (let round = 0; round < 100; round++) {
      const leak = leakAbove(measure, results, hiddenAbove);
      if (!leak) break;
      const touching = periods.filter((p) => p.months.some((j) => leak.months.includes(j))).map((p) => p.key);
      const comparison = touching.find(
        (p) =>
          input.group(leak.unit, p, measure) === 'candidate' &&
          !input.shownBefore(groupSubject(leak.unit), p, measure) &&
          !hiddenAbove.has(`${leak.unit}@${p}`),
      );
      if (comparison) {
        hiddenAbove.add(`${leak.unit}@${comparison}`);
        continue;
      }
      // Else a comparison above, or a figure within a region, that was taken off: the smallest first.
      const options = leak.takenOff.flatMap((block) => {
        if (block.region === null) {
          return touching
            .filter(
              (p) =>
                input.group(block.key, p, measure) === 'candidate' &&
                !input.shownBefore(groupSubject(block.key), p, measure) &&
                !hiddenAbove.has(`${block.key}@${p}`),
            )
            .map((p) => ({
              r: null,
              id: `${block.key}@${p}`,
              n: monthKeys.reduce(
                (s, m, j) => s + (periods.find((x) => x.key === p)!.months.includes(j) ? input.countsOf(block.key, m, measure).n : 0),
                0,
              ),
              p: PRIORITY.comparison,
            }));
        }
        const result = results.get(block.region)!;
        return touching
          .map((p) => cellId(block.key, p))
          .filter((id) => result.priority.has(id) && !result.suppressed.has(id))
          .map((id) => ({ r: block.region, id, n: result.cells.get(id)!.n, p: result.priority.get(id)! }));
      });
      const pick = options.sort((a, b) => a.p - b.p || a.n - b.n || (a.id < b.id ? -1 : 1))[0];
      if (!pick) break;
      if (pick.r === null) {
        hiddenAbove.add(pick.id);
        continue;
      }
      forced.get(pick.r)!.add(pick.id);
      results.set(pick.r, auditRegion(pick.r, measure, forced.get(pick.r)!));
    }
    for (const unitId of above) {
      for (const p of periods)
        if (input.group(unitId, p.key, measure) === 'candidate')
          groupDecisions.set(`${unitId}@${p.key}#${measure}`, !hiddenAbove.has(`${unitId}@${p.key}`));
    }

    for (const [, { cells, sums, fixed, priority, suppressed, leaves }] of results) {
      for (const [id, p] of priority) {
        const released = !suppressed.has(id) && (cells.get(id)?.n ?? 0) > 0;
        if (p === PRIORITY.comparison)
          groupDecisions.set(`${id.slice(2, id.lastIndexOf('@'))}@${id.slice(id.lastIndexOf('@') + 1)}#${measure}`, released);
      }
      for (const node of leaves) {
        for (const p of periods) {
          const id = cellId(node, p.key);
          const key = `${node.slice(2)}@${p.key}#${measure}`;
          const s = sums.get(id);
          if (!closed.has(p.key)) {
            leafFigures.set(key, { suppressed: true, reason: 'period_open', n_min: thresholds.answers });
          } else if (!s || s.n < thresholds.answers) {
            leafFigures.set(key, { suppressed: true, reason: 'too_few_answers', n_min: thresholds.answers });
          } else if (suppressed.has(id) && fixed.get(id) !== true) {
            leafFigures.set(key, { suppressed: true, reason: 'disclosure_control', n_min: thresholds.answers });
            leafWithheld.add(`${node.slice(2)}@${p.key}`);
          } else {
            leafFigures.set(key, figureFrom(s, thresholds.answers));
          }
          if (s) leafSums.set(key, { counselorId: node.slice(2, node.indexOf('|')), ...s });
        }
      }
    }
  }

  /**
   * A county or the nation, seen by the reader, less every part of it the reader knows over the same
   * months — a county or office figure beneath it, a team, a counselor they see one by one — must
   * leave a releasable group. The largest known parts are taken off (a known part inside one taken
   * off already is in it). Answers and counselors of units above the regions come from the group
   * table's counts, counselors taken off are subtracted as counted in each part, so the check errs
   * towards withholding where one counselor is in two parts.
   */
  function leakAbove(
    measure: number,
    results: Map<Region, ReturnType<typeof auditRegion>>,
    hiddenAbove: ReadonlySet<string>,
  ): { unit: string; months: number[]; takenOff: TakenOff[] } | null {
    const visibleOf = (unitId: string) =>
      periods.filter((p) => {
        if (!closed.has(p.key)) return false;
        const seen = input.group(unitId, p.key, measure);
        return seen === 'shown' || (seen === 'candidate' && !hiddenAbove.has(`${unitId}@${p.key}`));
      });
    const knownAbove = (unitId: string) => [
      ...visibleOf(unitId).map((p) => indicatorOf(p.months)),
      ...monthKeys.flatMap((m, j) => (input.answersOf(unitId, m) === 0 ? [unitVector(j)] : [])),
    ];
    const depthOf = (unitId: string) => [...ancestorsOf(unitId)].length;
    const regionUnder = (r: Region, unitId: string) =>
      r.isDirectRegion ? r.rootUnit === unitId || isBelow(r.rootUnit, unitId) : isBelow(r.rootUnit, unitId);
    // Every block the reader may know, in an order where a block comes after any block holding it.
    const aboveBlocks: Block[] = [...above]
      .sort((a, b) => depthOf(a) - depthOf(b))
      .map((unitId) => {
        const counts = monthKeys.map((m) => input.countsOf(unitId, m, measure));
        return {
          region: null,
          key: unitId,
          known: commonFunctionals(knownAbove(unitId)),
          n: counts.map((c) => c.n),
          counselors: counts.map((c) => c.counselors),
          ids: monthKeys.map(() => new Set<string>()),
          holds: (other: Block) => (other.region === null ? isBelow(other.key, unitId) : regionUnder(other.region, unitId)),
        };
      });
    const regionBlocks: Block[] = [...results].flatMap(([r, result]) => {
      // The nodes above each node, from the chains of its answers.
      const over = new Map<string, Set<string>>();
      for (const t of r.regionRows) {
        const chain = r.targetsOf(t);
        chain.forEach((node, i) => {
          const set = over.get(node) ?? new Set<string>();
          for (const up of chain.slice(i + 1)) set.add(up);
          over.set(node, set);
        });
      }
      return [...result.nodeKnown]
        .filter(([key]) => over.has(key))
        .sort(([a], [b]) => over.get(a)!.size - over.get(b)!.size)
        .map(([key, known]) => {
          const months = monthKeys.map((m) => result.cells.get(cellId(key, m))!);
          return {
            region: r,
            key,
            known,
            n: months.map((c) => c.n),
            counselors: months.map(() => 0),
            ids: months.map((c) => c.counselors as Set<string>),
            holds: (other: Block) => other.region === r && over.get(other.key)!.has(key),
          };
        });
    });
    for (const unitId of above) {
      const visible = visibleOf(unitId);
      if (visible.length === 0) continue;
      const counts = monthKeys.map((m) => input.countsOf(unitId, m, measure));
      const filled = counts.flatMap((c, j) => (c.n > 0 ? [j] : []));
      if (filled.length === 0) continue;
      const known = commonFunctionals(knownAbove(unitId), filled.map(unitVector));
      const blocks = [...aboveBlocks.filter((b) => isBelow(b.key, unitId)), ...regionBlocks.filter((b) => regionUnder(b.region!, unitId))];
      for (const months of zeroOneVectors(known, filled)) {
        const vector = indicatorOf(months);
        // Blocks with answers in these months, known over them, and not inside one taken off already.
        const takenOff: Block[] = [];
        for (const block of blocks) {
          if (!months.some((j) => block.n[j] > 0) || takenOff.some((t) => t.holds(block)) || !spaceWithin([vector], block.known)) continue;
          takenOff.push(block);
        }
        if (takenOff.length === 0) continue;
        const n = months.reduce((s, j) => s + counts[j].n - takenOff.reduce((t, b) => t + b.n[j], 0), 0);
        const left = (j: number) =>
          counts[j].counselors - takenOff.reduce((t, b) => t + b.counselors[j], 0) - new Set(takenOff.flatMap((b) => [...b.ids[j]])).size;
        const own = (b: Block) => b.key.startsWith(`c:${input.reader}|`);
        const insider = takenOff.some(own);
        // An insider's rest needs m − 1 others: answers of their own left in it (not known to them) do not count.
        const ownLeft = (j: number) => blocks.some((b) => own(b) && b.n[j] > 0 && !takenOff.some((t) => t === b || t.holds(b)));
        const least = Math.max(...months.map((j) => left(j) - (insider && ownLeft(j) ? 1 : 0)));
        const m = insider ? Math.max(1, thresholds.counselors - 1) : thresholds.counselors;
        if (n > 0 && (n < thresholds.answers || least < m))
          return { unit: unitId, months, takenOff: takenOff.map((b) => ({ region: b.region, key: b.key })) };
      }
    }
    return null;
  }

  return {
    leaf(counselorId, unitId, period, measure) {
      return (
        leafFigures.get(`${leafSubject(counselorId, unitId)}@${period}#${measure}`) ?? {
          suppressed: true,
          reason: closed.has(period) ? 'too_few_answers' : 'period_open',
          n_min: thresholds.answers,
        }
      );
    },
    groupShown(unitId, period, measure) {
      const decided = groupDecisions.get(`${unitId}@${period}#${measure}`);
      if (decided !== undefined) return decided;
      // A comparison cell outside every audited office (the reader has no answers there): as released.
      return input.group(unitId, period, measure) !== 'hidden';
    },
    withheld(counselorId, unitId, period) {
      return leafWithheld.has(`${leafSubject(counselorId, unitId)}@${period}`);
    },
    combined(counselorId, period, measure) {
      const parts = [...leafSums.entries()].filter(
        ([key, s]) => s.counselorId === counselorId && key.endsWith(`@${period}#${measure}`) && s.n + s.dontKnow > 0,
      );
      const figures = parts.map(([key]) => leafFigures.get(key)!);
      const hidden = figures.find((f) => f.suppressed);
      if (parts.length === 0)
        return { suppressed: true, reason: closed.has(period) ? 'too_few_answers' : 'period_open', n_min: thresholds.answers };
      if (hidden) return hidden;
      const total = { n: 0, sum: 0, positive: 0, dontKnow: 0, distribution: [0, 0, 0, 0, 0, 0] };
      for (const [, s] of parts) {
        total.n += s.n;
        total.sum += s.sum;
        total.positive += s.positive;
        total.dontKnow += s.dontKnow;
        for (let i = 0; i < 6; i++) total.distribution[i] += s.distribution[i];
      }
      return figureFrom(total, thresholds.answers);
    },
  };
}

/** The 0/1 vectors over `filled` months lying in the space `known` (a basis on 12 months), through its reduced form. */
function zeroOneVectors(known: number[][], filled: number[]): number[][] {
  if (known.length === 0) return [];
  const rows = reducedBasis(
    known.map((v) => filled.map((j) => v[j])),
    filled.length,
  );
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << rows.length; mask++) {
    const v = new Array<number>(filled.length).fill(0);
    rows.forEach((row, i) => {
      if (mask & (1 << i)) for (let j = 0; j < filled.length; j++) v[j] += row[j];
    });
    if (v.every((x) => Math.abs(x) < 1e-7 || Math.abs(x - 1) < 1e-7)) out.push(filled.filter((_, i) => Math.abs(v[i] - 1) < 1e-7));
  }
  return out;
}

function indicatorOf(months: readonly number[]): number[] {
  return Array.from({ length: 12 }, (_, j) => (months.includes(j) ? 1 : 0));
}

function unitVector(j: number): number[] {
  const v = new Array<number>(12).fill(0);
  v[j] = 1;
  return v;
}

/**
 * What the reader knows of the region's root from the visible cells of units above it: for each
 * ancestor A, what its released periods (and empty months) tell, restricted to the months where A
 * holds only the root's answers (A − root is empty there, and counts are shown). `watched`: the
 * reader sees some unit above.
 */
function outsideKnowledge(
  input: ReaderInput,
  rootUnit: string,
  isDirectRegion: boolean,
  year: number,
  measure: number,
  monthKeys: string[],
  closed: ReadonlySet<string>,
): { vectors: number[][]; watched: boolean } {
  const vectors: number[][] = [];
  let watched = false;
  const rootAnswers = (month: string) => {
    if (!isDirectRegion) return input.answersOf(rootUnit, month);
    // The direct part: the unit's answers less its sub-units'.
    const kids = [...input.tree.values()].filter((u) => u.parent_id === rootUnit);
    return input.answersOf(rootUnit, month) - kids.reduce((s, k) => s + input.answersOf(k.id, month), 0);
  };
  const indicator = (months: readonly number[]) => Array.from({ length: 12 }, (_, j) => (months.includes(j) ? 1 : 0));
  const start = isDirectRegion ? rootUnit : input.tree.get(rootUnit)?.parent_id;
  for (let at: string | null | undefined = start; at && input.tree.has(at); at = input.tree.get(at)!.parent_id) {
    const ancestor = at;
    const onlyRoot = monthKeys.flatMap((m, j) => (input.answersOf(ancestor, m) === rootAnswers(m) ? [j] : []));
    const known = monthKeys.flatMap((m, j) => (input.answersOf(ancestor, m) === 0 ? [unitVector(j)] : []));
    for (const p of yearPeriods(year)) {
      if (!closed.has(p.key) || input.group(ancestor, p.key, measure) === 'hidden') continue;
      watched = true;
      known.push(indicator(p.months));
    }
    if (known.length === 0 || onlyRoot.length === 0) continue;
    vectors.push(...commonFunctionals(known, onlyRoot.map(unitVector)));
  }
  return { vectors, watched };
}
