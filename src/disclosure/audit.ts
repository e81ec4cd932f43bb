import { suppress, tooSmall, type Cell, type Relation, type SuppressOptions, type Thresholds } from './relations.ts';

/**
 * An exact check of what a reader can derive about one unit's answers over the months of a year,
 * by any linear combination of released figures: sums, differences, and adding back overlaps across
 * levels and periods. Pure.
 *
 * Every released figure is a sum over (unit, month) groups. For one unit c, what matters is which
 * functionals w of its monthly vector a_c (12 monthly totals) a reader can compute. Two sources:
 * - from inside (K_c): c's own released periods; months where c is empty (counts are shown, so
 *   a reader knows them to be zero); and anything that holds for every one of c's sub-units and
 *   its direct part alike (w(a_c) = Σ w(a_child) when each w(a_child) is known);
 * - from outside (W_c): a functional w the parent's knowledge gives for the parent, when each of
 *   c's siblings (and the parent's direct part) is known under w as well, so they can be taken off.
 * Both are subspaces of R^12, computed bottom-up (K) and top-down (W); what a reader can know of c
 * is exactly K_c + W_c (any combination of rows that leaves only c's months must cancel everything
 * else, and outside rows touch c only through a_c). A leak is a set of months T whose answers at c
 * are fewer than k or from fewer than m counselors, with the indicator of T in K_c + W_c.
 *
 * This does not cover a small group spread over two units (say one office's January and another's
 * February); the relation rules in disclosure.ts guard those for single differences and pairs.
 */

const MONTHS = 12;

export interface AuditUnit {
  key: string;
  /** null for a root. Sub-units and a unit's direct part name it as parent. */
  parent: string | null;
  /**
   * Not checked itself: a unit that mixes answers of counselors a reader may see one by one with
   * others'. Its parts are checked, and so is what is left of it once those counselors are taken off
   * (a Remainder).
   */
  unchecked?: boolean;
  /** Functionals of its 12 monthly totals a reader knows from outside the units given (say, a county's month that holds only this office's answers). */
  known?: ReadonlyArray<ArrayLike<number>>;
}

/**
 * A unit whose answers mix counselors a reader may see one by one with others. For any set of
 * months T whose total at the unit is known, the reader can take off every part beneath it that is
 * known over T as well — a colleague's leaf, a team, a direct part — the largest known blocks first;
 * what is left must be a releasable group: k answers from `minCounselors` counselors, unless every
 * counselor left is one the reader may see one by one (then k is the rule). `atoms` are the unit's
 * answers by month, each with the chain of audit nodes from just below the unit down to its leaf
 * or rest node.
 */
export interface Remainder {
  key: string;
  whole: string;
  atoms: ReadonlyArray<{ path: readonly string[]; counselor: string; month: number; n: number; transparent: boolean }>;
  minCounselors: number;
}

export interface Leak {
  unit: string;
  year: number;
  /** Month indexes 0..11. */
  months: number[];
}

/** The 16 fixed periods of a year with the months each covers. */
export function yearPeriods(year: number): Array<{ key: string; months: number[] }> {
  const pad = (n: number) => String(n).padStart(2, '0');
  return [
    ...Array.from({ length: MONTHS }, (_, j) => ({ key: `${year}-${pad(j + 1)}`, months: [j] })),
    ...[0, 1, 2].map((t) => ({ key: `${year}-T${t + 1}`, months: [0, 1, 2, 3].map((i) => t * 4 + i) })),
    { key: String(year), months: Array.from({ length: MONTHS }, (_, j) => j) },
  ];
}

/**
 * An insider's exception (reader.ts): a group too small only by its counselors, that is what is left
 * of a unit once the reader's own answers (and colleagues they see, known over these months) are
 * taken off. `known(leaf)`: that leaf is known over the months.
 */
export type InsiderCheck = (node: string, months: number[], takenOff: ReadonlySet<string>, known: (leaf: string) => boolean) => boolean;

export function findLeaks(input: {
  units: readonly AuditUnit[];
  remainders?: readonly Remainder[];
  insiderOk?: InsiderCheck;
  /** Hands back what a reader knows of these units (an orthonormal basis of functionals of their monthly totals). */
  knownOut?: { keys: readonly string[]; spaces: Map<string, number[][]> };
  year: number;
  cells: ReadonlyMap<string, Cell>;
  suppressed: ReadonlySet<string>;
  thresholds: Thresholds;
  cellId: (unitKey: string, periodKey: string) => string;
}): Leak[] {
  const { units, year, cells, suppressed, thresholds, cellId } = input;
  const periods = yearPeriods(year).map((p) => ({ ...p, vector: indicator(p.months) }));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const u of units) {
    if (u.parent === null) roots.push(u.key);
    else children.set(u.parent, [...(children.get(u.parent) ?? []), u.key]);
  }
  const monthCell = (unit: string, j: number) => cells.get(cellId(unit, periods[j].key));
  const order: string[] = [];
  const visit = (key: string) => {
    order.push(key);
    for (const child of children.get(key) ?? []) visit(child);
  };
  roots.forEach(visit);
  // Per unit: its empty months, and its months with answers too few to show.
  const monthsOf = new Map<string, { empty: number[]; small: number[] }>();
  for (const key of order) {
    const empty: number[] = [];
    const small: number[] = [];
    for (let j = 0; j < MONTHS; j++) {
      const cell = monthCell(key, j);
      if (!cell || cell.n === 0) empty.push(j);
      else if (tooSmall(cell, thresholds)) small.push(j);
    }
    monthsOf.set(key, { empty, small });
  }
  const parentOf = new Map(units.map((u) => [u.key, u.parent]));
  const indexAmongSiblings = new Map<string, number>();
  for (const kids of children.values()) kids.forEach((k, i) => indexAmongSiblings.set(k, i));

  // Computed only as far as the units with a small month need them (a national table has few).
  const memo = <T>(compute: (key: string) => T) => {
    const cache = new Map<string, T>();
    return (key: string): T => {
      let value = cache.get(key);
      if (value === undefined) cache.set(key, (value = compute(key)));
      return value;
    };
  };
  // K: the unit's released periods and empty months; where those leave months unknown, also what
  // holds for every sub-unit (and the direct part) alike.
  const extraOf = new Map(units.filter((u) => u.known).map((u) => [u.key, u.known!.map((v) => Float64Array.from(v))]));
  const insideOf = memo((key: string): Space => {
    const vectors: Vector[] = [...monthsOf.get(key)!.empty.map(unit), ...(extraOf.get(key) ?? [])];
    for (const p of periods) {
      const id = cellId(key, p.key);
      if ((cells.get(id)?.n ?? 0) > 0 && !suppressed.has(id)) vectors.push(p.vector);
    }
    const own = spanOf(vectors);
    const kids = children.get(key);
    if (!kids || own.length === MONTHS) return own;
    return spanOf([...own, ...complement(spanOf(kids.flatMap((k) => insidePerpOf(k))))]);
  });
  const insidePerpOf = memo((key: string) => complement(insideOf(key)));
  const knownOf = memo((key: string) => spanOf([...insideOf(key), ...outsideOf(key)]));
  const knownPerpOf = memo((key: string) => complement(knownOf(key)));
  // Prefix and suffix sums of the sub-units' K^⊥, so each sub-unit's W takes its siblings' in one step.
  const siblingSumsOf = memo((parent: string) => {
    const perps = children.get(parent)!.map(insidePerpOf);
    const prefix: Space[] = [[]];
    for (const p of perps) prefix.push(spanOf([...prefix[prefix.length - 1], ...p]));
    const suffix: Space[] = [[]];
    for (const p of [...perps].reverse()) suffix.push(spanOf([...suffix[suffix.length - 1], ...p]));
    return { prefix, suffix: suffix.reverse() };
  });
  // W_c = A_u ∩ ⋂_{siblings} K = complement of (A_u^⊥ + Σ_{siblings} K^⊥).
  const outsideOf = memo((key: string): Space => {
    const parent = parentOf.get(key) ?? null;
    if (parent === null) return [];
    const parentKnows = knownOf(parent);
    // Knowing only the parent's empty months tells nothing about a sub-unit it does not know already.
    if (parentKnows.length === monthsOf.get(parent)!.empty.length) return [];
    const { prefix, suffix } = siblingSumsOf(parent);
    const i = indexAmongSiblings.get(key)!;
    return complement(spanOf([...knownPerpOf(parent), ...prefix[i], ...suffix[i + 1]]));
  });

  if (input.knownOut)
    for (const key of input.knownOut.keys)
      input.knownOut.spaces.set(
        key,
        knownOf(key).map((v) => Array.from(v)),
      );
  const unchecked = new Set(units.filter((u) => u.unchecked).map((u) => u.key));
  const leaks: Leak[] = [];
  for (const key of order) {
    if (unchecked.has(key)) continue;
    const { empty, small } = monthsOf.get(key)!;
    if (small.length === 0) continue;
    const accept = input.insiderOk
      ? (months: number[]) => input.insiderOk!(key, months, new Set(), (leaf) => contains(knownOf(leaf), indicator(months)))
      : undefined;
    const found = derivableSmallSet(small, empty, knownOf(key), (j) => monthCell(key, j)!, thresholds, accept);
    if (found) leaks.push({ unit: key, year, months: found });
  }
  for (const r of input.remainders ?? []) {
    const found = remainderLeak(r, knownOf, thresholds, input.insiderOk);
    if (found) leaks.push({ unit: r.key, year, months: found });
  }
  return leaks;
}

/**
 * The months of a leak in what is left of a unit (Remainder), or null. Every 0/1 vector T over the
 * unit's non-empty months that lies in what is known of the unit is tried (through a reduced basis,
 * as derivableSmallSet does), with every leaf known over T taken off.
 */
function remainderLeak(r: Remainder, knownOf: (key: string) => Space, t: Thresholds, insiderOk?: InsiderCheck): number[] | null {
  const filled = [...new Set(r.atoms.filter((a) => a.n > 0).map((a) => a.month))].sort((a, b) => a - b);
  if (filled.length === 0) return null;
  const bitOf = new Map(filled.map((j, i) => [j, 1 << i]));
  const empty = Array.from({ length: MONTHS }, (_, j) => j).filter((j) => !filled.includes(j));
  const atoms = r.atoms.filter((a) => a.n > 0).map((a) => ({ ...a, bit: bitOf.get(a.month)! }));
  // For each block on the atoms' paths: the sets of months (as bit masks over `filled`) it is known
  // over. A block is known over T when it is over T's months where it has answers (its empty months
  // are known zeros), so each block's 0/1 vectors are listed once, through its reduced basis.
  const blockMasks = new Map<string, { months: number; known: Set<number> }>();
  for (const block of new Set(atoms.flatMap((a) => a.path))) {
    const own = [...new Set(atoms.filter((a) => a.path.includes(block)).map((a) => a.month))];
    const ownMask = own.reduce((m, j) => m | bitOf.get(j)!, 0);
    const others = Array.from({ length: MONTHS }, (_, j) => j).filter((j) => !own.includes(j));
    const onOwn = intersect([knownOf(block), [...own, ...others].map(unit)]).map((v) => own.map((j) => v[j]));
    const known = new Set<number>([0]);
    for (const local of zeroOneMasks(reducedRows(onOwn, own.length), own.length)) {
      let m = 0;
      for (let i = 0; i < own.length; i++) if (local & (1 << i)) m |= bitOf.get(own[i])!;
      known.add(m);
    }
    blockMasks.set(block, { months: ownMask, known });
  }
  const onFilled = intersect([knownOf(r.whole), [...filled, ...empty].map(unit)]).map((v) => filled.map((j) => v[j]));
  for (const mask of zeroOneMasks(reducedRows(onFilled, filled.length), filled.length)) {
    const isKnown = (block: string) => {
      const b = blockMasks.get(block);
      return b !== undefined && b.known.has(mask & b.months);
    };
    // Each atom goes if some block on its path (the largest first) is known over these months.
    const takenOff = new Set<string>();
    let n = 0;
    let allTransparent = true;
    const counselors = new Set<string>();
    for (const a of atoms) {
      if ((a.bit & mask) === 0) continue;
      const block = a.path.find(isKnown);
      if (block) {
        takenOff.add(block);
        continue;
      }
      n += a.n;
      counselors.add(a.counselor);
      if (!a.transparent) allTransparent = false;
    }
    // Nothing taken off is the unit itself: mixed units are not checked as nodes, so here.
    if (n === 0 || (n >= t.answers && (counselors.size >= r.minCounselors || allTransparent))) continue;
    const months = filled.filter((_, i) => mask & (1 << i));
    if (n >= t.answers && insiderOk?.(r.key, months, takenOff, isKnown)) continue;
    return months;
  }
  return null;
}

/**
 * The 0/1 vectors spanned by reduced rows of `width` (at most 12), as bit masks of the positions
 * that are 1. In reduced form a vector of the span is fixed by its values on the pivots, so the 0/1
 * ones are among the 2^rows − 1 sums of rows; they are walked in Gray-code order, one row added or
 * taken off per step, without allocating.
 */
function zeroOneMasks(rows: number[][], width: number): number[] {
  const out: number[] = [];
  const v = new Float64Array(width);
  let gray = 0;
  for (let step = 1; step < 1 << rows.length; step++) {
    const flip = 31 - Math.clz32(step & -step);
    const sign = gray & (1 << flip) ? -1 : 1;
    gray ^= 1 << flip;
    const row = rows[flip];
    let ok = true;
    let mask = 0;
    for (let j = 0; j < width; j++) {
      const x = (v[j] += sign * row[j]);
      if (Math.abs(x - 1) < 1e-7) mask |= 1 << j;
      else if (Math.abs(x) >= 1e-7) ok = false;
    }
    if (ok) out.push(mask);
  }
  return out;
}

/**
 * A set of the small months whose total lies in `known` and that is too small to show, or null.
 * Such a set's indicator lies in L = what is known about the small months alone (the empty ones are
 * known zeros). In reduced row echelon form, a vector of L is fixed by its values on the d pivot
 * months, so the 0/1 vectors of L are among the 2^d − 1 sums of basis rows.
 */
function derivableSmallSet(
  small: number[],
  empty: number[],
  known: Space,
  cellOf: (j: number) => Cell,
  t: Thresholds,
  insiderOk?: (months: number[]) => boolean,
): number[] | null {
  // With no month too large to matter, L is all that is known (the empty months' parts drop out below).
  const everySmallOrEmpty = small.length + empty.length === MONTHS;
  const onSmall = (everySmallOrEmpty ? known : intersect([known, [...small, ...empty].map(unit)])).map((v) => small.map((j) => v[j]));
  const rows = reducedRows(onSmall, small.length);
  // At most 12 rows, so at most 4,095 sums.
  for (let mask = 1; mask < 1 << rows.length; mask++) {
    const v = new Array<number>(small.length).fill(0);
    rows.forEach((row, r) => {
      if (mask & (1 << r)) for (let i = 0; i < small.length; i++) v[i] += row[i];
    });
    if (!v.every((x) => Math.abs(x) < 1e-7 || Math.abs(x - 1) < 1e-7)) continue;
    const months = small.filter((_, i) => Math.abs(v[i] - 1) < 1e-7);
    const counselors = new Set(months.flatMap((j) => [...cellOf(j).counselors]));
    const n = months.reduce((s, j) => s + cellOf(j).n, 0);
    if (!tooSmall({ id: '', n, counselors, minCounselors: cellOf(months[0]).minCounselors }, t)) continue;
    if (n >= t.answers && insiderOk?.(months)) continue;
    return months;
  }
  return null;
}

/** Reduced row echelon form (non-zero rows) of the vectors, by Gauss–Jordan with partial pivoting. */
export function reducedBasis(vectors: number[][], width: number): number[][] {
  return reducedRows(vectors, width);
}

function reducedRows(vectors: number[][], width: number): number[][] {
  const rows = vectors.map((v) => [...v]);
  let rank = 0;
  for (let col = 0; col < width && rank < rows.length; col++) {
    let best = rank;
    for (let r = rank + 1; r < rows.length; r++) if (Math.abs(rows[r][col]) > Math.abs(rows[best][col])) best = r;
    if (Math.abs(rows[best][col]) < 1e-9) continue;
    [rows[rank], rows[best]] = [rows[best], rows[rank]];
    const lead = rows[rank][col];
    for (let c = 0; c < width; c++) rows[rank][c] /= lead;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank || rows[r][col] === 0) continue;
      const factor = rows[r][col];
      for (let c = 0; c < width; c++) rows[r][c] -= factor * rows[rank][c];
    }
    rank++;
  }
  return rows.slice(0, rank);
}

/** An orthonormal basis. */
type Vector = Float64Array;
type Space = Vector[];

const unitVectors: Vector[] = Array.from({ length: MONTHS }, (_, j) => indicator([j]));
function unit(j: number): Vector {
  return unitVectors[j];
}
function indicator(months: readonly number[]): Vector {
  const v = new Float64Array(MONTHS);
  for (const j of months) v[j] = 1;
  return v;
}
function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let i = 0; i < MONTHS; i++) s += a[i] * b[i];
  return s;
}

/** v minus its projection on the basis (modified Gram–Schmidt; 12 dimensions of 0/1 vectors keep it stable). */
function residual(basis: Space, v: Vector): Vector {
  const w = Float64Array.from(v);
  for (const q of basis) {
    const d = dot(q, w);
    if (d !== 0) for (let i = 0; i < MONTHS; i++) w[i] -= d * q[i];
  }
  return w;
}

function spanOf(vectors: readonly Vector[]): Space {
  const basis: Space = [];
  for (const v of vectors) {
    if (basis.length === MONTHS) break;
    const w = residual(basis, v);
    const norm = Math.sqrt(dot(w, w));
    if (norm > 1e-8 * (1 + Math.sqrt(dot(v, v)))) basis.push(w.map((x) => x / norm));
  }
  return basis;
}

function contains(basis: Space, v: Vector): boolean {
  const w = residual(basis, v);
  return Math.sqrt(dot(w, w)) <= 1e-7 * (1 + Math.sqrt(dot(v, v)));
}

/** The orthogonal complement in R^12. */
function complement(basis: Space): Space {
  if (basis.length === 0) return unitVectors;
  if (basis.length === MONTHS) return [];
  const full = spanOf([...basis, ...unitVectors]);
  return full.slice(basis.length);
}

/** A basis of the functionals in every one of the spaces (each given by spanning vectors of length 12). */
export function commonFunctionals(...spaces: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): number[][] {
  return intersect(spaces.map((vs) => spanOf(vs.map((v) => Float64Array.from(v))))).map((v) => Array.from(v));
}

/** Every functional of `inner` lies in `outer` (both orthonormal bases, as findLeaks hands back). */
export function spaceWithin(inner: ReadonlyArray<ArrayLike<number>>, outer: ReadonlyArray<ArrayLike<number>>): boolean {
  const basis = outer.map((v) => Float64Array.from(v));
  return inner.every((v) => contains(basis, Float64Array.from(v)));
}

function intersect(spaces: Space[]): Space {
  return complement(spanOf(spaces.flatMap(complement)));
}

/** A leak made only of decided figures: nothing this pass may suppress can mend it. */
export class UnmendableLeak extends Error {
  constructor() {
    super('disclosure control: a derivable group with nothing left to suppress');
  }
}

/**
 * Disclosure control over a whole table: the relation rules (`suppress`), then more suppression
 * until no unit's answers in any set of months can be derived below the thresholds (`findLeaks`).
 * For a leak, the released figure nearest to it is suppressed: the unit's own or its sub-units',
 * else its siblings' or its parent's, moving up; among those the lowest `priority`, then the
 * fewest answers. A decided (`fixed`) cell is never chosen. Each round suppresses at least one more
 * figure, so this ends.
 */
export function protectFigures(
  args: {
    cells: ReadonlyMap<string, Cell>;
    relations: Relation[];
    units: readonly AuditUnit[];
    remainders?: readonly Remainder[];
    insiderOk?: InsiderCheck;
    years: readonly number[];
    thresholds: Thresholds;
    cellId: (unitKey: string, periodKey: string) => string;
    initially?: Iterable<string>;
  } & SuppressOptions,
): Set<string> {
  const { cells, relations, units, years, thresholds, cellId } = args;
  const fixed = args.fixed ?? new Map<string, boolean>();
  const priority = args.priority ?? (() => 0);
  const options: SuppressOptions = { fixed, priority };
  const parentOf = new Map(units.map((u) => [u.key, u.parent]));
  const childrenOf = new Map<string | null, string[]>();
  for (const u of units) childrenOf.set(u.parent, [...(childrenOf.get(u.parent) ?? []), u.key]);
  // A remainder's leak is fixed at the unit and the counselors it was left by.
  const anchorsOf = new Map((args.remainders ?? []).map((r) => [r.key, [r.whole, ...new Set(r.atoms.flatMap((a) => a.path))]]));

  let suppressed = suppress(cells, relations, thresholds, args.initially ?? [], options);
  for (;;) {
    const leaks = years.flatMap((year) =>
      findLeaks({ units, remainders: args.remainders, insiderOk: args.insiderOk, year, cells, suppressed, thresholds, cellId }),
    );
    if (leaks.length === 0) return suppressed;
    const more = new Set(suppressed);
    for (const leak of leaks) {
      const touching = yearPeriods(leak.year).filter((p) => p.months.some((j) => leak.months.includes(j)));
      const released = (unitKeys: string[]) =>
        unitKeys
          .flatMap((u) => touching.map((p) => cellId(u, p.key)))
          .filter((id) => (cells.get(id)?.n ?? 0) > 0 && !more.has(id) && !fixed.has(id));
      const anchors = anchorsOf.get(leak.unit) ?? [leak.unit];
      // Nearest first: the unit and its sub-units, then siblings and parent moving up, then anything.
      let candidates: string[] = released(anchors.flatMap((a) => [a, ...(childrenOf.get(a) ?? [])]));
      for (let at: string | null | undefined = anchors[0]; candidates.length === 0 && at != null; at = parentOf.get(at)) {
        const parent = parentOf.get(at) ?? null;
        candidates = released([...(childrenOf.get(parent) ?? []).filter((k) => k !== at), ...(parent === null ? [] : [parent])]);
      }
      if (candidates.length === 0) candidates = released(units.map((u) => u.key));
      if (candidates.length === 0) continue;
      more.add(
        candidates.sort((a, b) => priority(a) - priority(b) || cells.get(a)!.n - cells.get(b)!.n || (a < b ? -1 : a > b ? 1 : 0))[0],
      );
    }
    // A leak needs some released figure that is not decided, so a round always suppresses one more;
    // one made only of decided figures cannot be mended here, and is an error in whoever decided them.
    if (more.size === suppressed.size) throw new UnmendableLeak();
    suppressed = suppress(cells, relations, thresholds, more, options);
  }
}
