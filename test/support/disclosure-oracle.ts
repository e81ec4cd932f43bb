import fc from 'fast-check';
import type { UnitNode, UnitTree } from '../../src/access/scope.ts';
import { periodOf } from '../../src/time/periods.ts';
import { buildReleaseTable, periodsOfYear, type AnswerTally, type MeasureTally } from '../../src/disclosure/group-table.ts';

/**
 * An independent oracle for disclosure control: random organisations and answers, random sequences
 * of the queries the server allows (a unit the tree has, a fixed month/tertial/year), and checks
 * that recompute the raw answers behind every released figure without the code under test.
 * Empty groups count as known to a reader (answer counts are shown). Invariants:
 *  I1 no released figure rests on fewer than k answers or fewer than m counselors (and its n is the
 *     n of exactly the answers behind it);
 *  I2 for any two released figures of the same measure whose answer sets nest, the difference is
 *     empty or holds at least k answers from at least m counselors;
 *  I3 for every relation (unit = Σ sub-units + direct answers; year = Σ tertials; tertial = Σ
 *     months) whose total is released, the unreleased parts with answers are none, or at least two
 *     that together hold at least k answers and m counselors (or are the whole total);
 *  I4 the same query always returns the same figure;
 *  I5 no linear combination of released figures (sums, differences, adding overlaps back) gives the
 *     total of one unit's answers (or one office's direct answers) over any set of months that is
 *     smaller than a releasable group — checked by linear algebra over the whole table;
 * and two that the server does not guarantee, measured by scripts/disclosure-risk.ts:
 *  X1 a released figure minus several disjoint released figures inside it (not only one) leaves
 *     nothing, or a releasable group;
 *  X2 no linear combination gives the total of two unit-months of different units together that is
 *     smaller than a releasable group.
 */
export type Invariant = 'I1' | 'I2' | 'I3' | 'I4' | 'I5' | 'X1' | 'X2';
export const GUARANTEED: Invariant[] = ['I1', 'I2', 'I3', 'I4', 'I5'];

export interface Scenario {
  org: { tree: UnitTree; counselors: Array<{ id: string; unitId: string }> };
  responses: Array<{ counselor: number; month: number; values: [number | null, number | null] }>;
  k: number;
  m: number;
  queries: Array<[string, string]>;
}

const orgArbitrary: fc.Arbitrary<Scenario['org']> = fc
  .array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 })
  .chain((counties) => {
    const units: UnitNode[] = [{ id: 'n', kind: 'nation', name: 'n', parent_id: null, active: true }];
    const homes: string[] = [];
    counties.forEach((offices, c) => {
      units.push({ id: `c${c}`, kind: 'county', name: `c${c}`, parent_id: 'n', active: true });
      offices.forEach((teams, o) => {
        const office = `c${c}o${o}`;
        units.push({ id: office, kind: 'office', name: office, parent_id: `c${c}`, active: true });
        homes.push(office);
        for (let t = 0; t < teams; t++) {
          units.push({ id: `${office}t${t}`, kind: 'team', name: `${office}t${t}`, parent_id: office, active: true });
          homes.push(`${office}t${t}`);
        }
      });
    });
    return fc.array(fc.constantFrom(...homes), { minLength: 1, maxLength: 14 }).map((where) => ({
      tree: new Map(units.map((u) => [u.id, u])),
      counselors: where.map((unitId, i) => ({ id: `v${i}`, unitId })),
    }));
  });

const answer = fc.option(fc.integer({ min: 1, max: 6 }), { nil: null, freq: 5 });

export const scenarioArbitrary: fc.Arbitrary<Scenario> = orgArbitrary.chain((org) =>
  fc.record({
    org: fc.constant(org),
    responses: fc.array(
      fc.record({
        counselor: fc.integer({ min: 0, max: org.counselors.length - 1 }),
        month: fc.integer({ min: 1, max: 12 }),
        values: fc.tuple(answer, answer),
      }),
      { maxLength: 160 },
    ),
    k: fc.constantFrom(3, 5),
    m: fc.constantFrom(1, 2, 3),
    queries: fc.array(fc.tuple(fc.constantFrom(...org.tree.keys()), fc.constantFrom(...periodsOfYear(2026).map((p) => p.key))), {
      minLength: 1,
      maxLength: 60,
    }),
  }),
);

export interface Violation {
  invariant: Invariant;
  detail: string;
}

/** Every violation of the invariants asked for (all by default). */
export function violations(
  { org, responses, k, m, queries }: Scenario,
  check: readonly Invariant[] = [...GUARANTEED, 'X1', 'X2'],
): Violation[] {
  const found: Violation[] = [];
  const fail = (invariant: Invariant, detail: string) => found.push({ invariant, detail });
  const thresholds = { answers: k, comments: 10, counselors: m };
  const rows = responses.map((r) => ({
    ...org.counselors[r.counselor],
    month: `2026-${String(r.month).padStart(2, '0')}-01`,
    values: r.values,
  }));
  const answers: AnswerTally[] = rows.map((r) => ({ unitId: r.unitId, month: r.month, counselorId: r.id, n: 1 }));
  const measures: MeasureTally[] = rows.flatMap((r) =>
    r.values.map((v, measure) => ({
      unitId: r.unitId,
      month: r.month,
      counselorId: r.id,
      measure,
      n: v === null ? 0 : 1,
      sum: v ?? 0,
      positive: v !== null && v >= 4 ? 1 : 0,
      dontKnow: v === null ? 1 : 0,
      distribution: [1, 2, 3, 4, 5, 6].map((x) => (x === v ? 1 : 0)),
    })),
  );
  const table = buildReleaseTable({ tree: org.tree, years: [2026], measureCount: 2, answers, measures, thresholds });

  const within = (unitId: string, root: string): boolean => {
    for (let u: string | null | undefined = unitId; u; u = org.tree.get(u)?.parent_id) if (u === root) return true;
    return false;
  };
  const inPeriod = (month: string, key: string) =>
    [periodOf(month, 'month').key, periodOf(month, 'tertial').key, periodOf(month, 'year').key].includes(key);
  /** Indexes of the raw answers (on the scale, for this measure) behind a cell. */
  const behind = (unitId: string, periodKey: string, measure: number, direct = false) =>
    rows.flatMap((r, i) =>
      (direct ? r.unitId === unitId : within(r.unitId, unitId)) && inPeriod(r.month, periodKey) && r.values[measure] !== null ? [i] : [],
    );
  const counselorsOf = (indexes: number[]) => new Set(indexes.map((i) => rows[i].id)).size;
  const safe = (indexes: number[]) => indexes.length === 0 || (indexes.length >= k && counselorsOf(indexes) >= m);
  const isReleased = (unitId: string, period: string, measure: number) => !table.cell(unitId, period).measures[measure].suppressed;
  const periods = periodsOfYear(2026);

  // I4 and I1, over what the query sequence released; I2 over pairs of those.
  const seen = new Map<string, string>();
  const released: Array<{ id: string; unitId: string; measure: number; set: Set<number> }> = [];
  for (const [unitId, period] of [...queries, ...queries]) {
    const result = table.cell(unitId, period);
    const key = `${unitId}@${period}`;
    const json = JSON.stringify(result);
    if (check.includes('I4') && seen.has(key) && json !== seen.get(key)) fail('I4', `${key} changed between two reads`);
    seen.set(key, json);
    result.measures.forEach((figure, measure) => {
      if (figure.suppressed) return;
      const set = behind(unitId, period, measure);
      if (check.includes('I1') && (figure.n !== set.length || set.length < k || counselorsOf(set) < m))
        fail('I1', `${key}#${measure}: n ${figure.n}, behind it ${set.length}`);
      released.push({ id: `${key}#${measure}`, unitId, measure, set: new Set(set) });
    });
  }
  if (check.includes('I2')) {
    for (const a of released) {
      for (const b of released) {
        if (a === b || a.measure !== b.measure || !within(b.unitId, a.unitId) || ![...b.set].every((i) => a.set.has(i))) continue;
        if (!safe([...a.set].filter((i) => !b.set.has(i)))) fail('I2', `${a.id} minus ${b.id}`);
      }
    }
  }

  if (check.includes('I3')) {
    for (let measure = 0; measure < 2; measure++) {
      for (const { key: period } of periods) {
        for (const unit of org.tree.values()) {
          if (!isReleased(unit.id, period, measure)) continue;
          const kids = [...org.tree.values()].filter((u) => u.parent_id === unit.id);
          const parts = kids.map((u) => ({ set: behind(u.id, period, measure), shown: isReleased(u.id, period, measure) }));
          if (kids.length > 0) parts.push({ set: behind(unit.id, period, measure, true), shown: false });
          const subPeriods = period.includes('-T')
            ? [1, 2, 3, 4].map((i) => `${period.slice(0, 4)}-${String((Number(period.slice(6)) - 1) * 4 + i).padStart(2, '0')}`)
            : /^\d{4}$/.test(period)
              ? ['T1', 'T2', 'T3'].map((t) => `${period}-${t}`)
              : [];
          const timeParts = subPeriods.map((p) => ({ set: behind(unit.id, p, measure), shown: isReleased(unit.id, p, measure) }));
          for (const relation of [parts, timeParts]) {
            const hidden = relation.filter((p) => !p.shown && p.set.length > 0);
            const residual = hidden.flatMap((p) => p.set);
            const total = behind(unit.id, period, measure);
            if (!(hidden.length === 0 || residual.length === total.length || (hidden.length >= 2 && safe(residual))))
              fail('I3', `relation of ${unit.id}@${period}#${measure}`);
          }
        }
      }
    }
  }

  const everyReleased = [...org.tree.keys()].flatMap((unitId) =>
    periods.flatMap(({ key: period }) =>
      [0, 1].flatMap((measure) =>
        isReleased(unitId, period, measure)
          ? [{ id: `${unitId}@${period}#${measure}`, unitId, period, measure, set: new Set(behind(unitId, period, measure)) }]
          : [],
      ),
    ),
  );
  if (check.includes('X1')) {
    for (const outer of everyReleased) {
      const inside = everyReleased.filter(
        (c) => c !== outer && c.measure === outer.measure && c.set.size < outer.set.size && [...c.set].every((i) => outer.set.has(i)),
      );
      const orders = [
        inside,
        [...inside].reverse(),
        [...inside].sort((a, b) => a.set.size - b.set.size),
        [...inside].sort((a, b) => b.set.size - a.set.size),
      ];
      for (const order of orders) {
        const taken = new Set<number>();
        const family: string[] = [];
        for (const c of order) {
          if ([...c.set].some((i) => taken.has(i))) continue;
          for (const i of c.set) taken.add(i);
          family.push(c.id);
          if (!safe([...outer.set].filter((i) => !taken.has(i)))) fail('X1', `${outer.id} minus ${family.join(', ')}`);
        }
      }
    }
  }

  if (check.includes('I5') || check.includes('X2')) {
    for (let measure = 0; measure < 2; measure++) {
      // Columns: the unit-months with answers (empty ones are known zeros and drop out).
      const atoms = [...new Set(rows.flatMap((r) => (r.values[measure] === null ? [] : [`${r.unitId}|${r.month}`])))];
      const membersOf = (atom: string) =>
        rows.flatMap((r, i) => (`${r.unitId}|${r.month}` === atom && r.values[measure] !== null ? [i] : []));
      const matrix = everyReleased
        .filter((c) => c.measure === measure)
        .map((c) =>
          atoms.map((atom) => {
            const [u, month] = atom.split('|');
            return within(u, c.unitId) && inPeriod(month, c.period) ? 1 : 0;
          }),
        );
      const nullRows = nullSpaceRows(matrix, atoms.length);
      const derivable = (columns: number[]) =>
        nullRows[0] === undefined || nullRows[0].every((_, f) => Math.abs(columns.reduce((s, c) => s + nullRows[c][f], 0)) < 1e-9);
      if (check.includes('I5')) {
        // One registered unit (a team, or an office's or county's direct answers), and every unit with
        // what lies beneath it, over any set of months.
        const groups = [
          ...[...new Set(rows.map((r) => r.unitId))].map((unitId) => ({
            name: `${unitId} itself`,
            columns: atoms.flatMap((a, c) => (a.startsWith(`${unitId}|`) ? [c] : [])),
          })),
          ...[...org.tree.keys()].map((unitId) => ({
            name: unitId,
            columns: atoms.flatMap((a, c) => (within(a.split('|')[0], unitId) ? [c] : [])),
          })),
        ];
        for (const group of groups) {
          const months = [...new Set(group.columns.map((c) => atoms[c].split('|')[1]))].sort();
          const columnsIn = (chosen: string[]) => group.columns.filter((c) => chosen.includes(atoms[c].split('|')[1]));
          // Depth first over the sets of months too small to show (any set containing a large enough one is too).
          const search = (from: number, chosen: string[]) => {
            for (let i = from; i < months.length; i++) {
              const next = [...chosen, months[i]];
              const columns = columnsIn(next);
              if (safe(columns.flatMap((c) => membersOf(atoms[c])))) continue;
              if (derivable(columns)) fail('I5', `${group.name} in ${next.join(', ')}#${measure} can be derived`);
              search(i + 1, next);
            }
          };
          search(0, []);
        }
      }
      if (check.includes('X2')) {
        for (let a = 0; a < atoms.length; a++) {
          for (let b = a + 1; b < atoms.length; b++) {
            if (atoms[a].split('|')[0] === atoms[b].split('|')[0]) continue;
            if (!safe([...membersOf(atoms[a]), ...membersOf(atoms[b])]) && derivable([a, b]))
              fail('X2', `${atoms[a]} + ${atoms[b]}#${measure} can be derived`);
          }
        }
      }
    }
  }
  return found;
}

/**
 * Rows of a null-space basis of `matrix` (rows × columns), one row per column. A set of columns
 * sums to a vector in the row space (some linear combination of the rows yields exactly that set)
 * when their rows sum to zero.
 */
function nullSpaceRows(matrix: number[][], columns: number): number[][] {
  const rows = matrix.map((r) => [...r]);
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < columns && rank < rows.length; col++) {
    let best = rank;
    for (let r = rank + 1; r < rows.length; r++) if (Math.abs(rows[r][col]) > Math.abs(rows[best][col])) best = r;
    if (Math.abs(rows[best][col]) < 1e-9) continue;
    [rows[rank], rows[best]] = [rows[best], rows[rank]];
    const lead = rows[rank][col];
    for (let c = 0; c < columns; c++) rows[rank][c] /= lead;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank || Math.abs(rows[r][col]) < 1e-12) continue;
      const factor = rows[r][col];
      for (let c = 0; c < columns; c++) rows[r][c] -= factor * rows[rank][c];
    }
    pivots.push(col);
    rank++;
  }
  const free = Array.from({ length: columns }, (_, c) => c).filter((c) => !pivots.includes(c));
  const out = Array.from({ length: columns }, () => free.map(() => 0));
  free.forEach((f, j) => {
    out[f][j] = 1;
    pivots.forEach((p, i) => (out[p][j] = -rows[i][f]));
  });
  return out;
}
