import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitNode, UnitTree } from '../../src/access/scope.ts';
import { suppress, type Cell } from '../../src/reporting/disclosure.ts';
import { buildReleaseTable, periodsOfYear, type AnswerTally, type MeasureTally } from '../../src/reporting/release-table.ts';
import { periodOf } from '../../src/reporting/periods.ts';

const cell = (id: string, n: number, counselors: string[]): Cell => ({ id, n, counselors: new Set(counselors) });
const T = { answers: 5, comments: 10, counselors: 3 };

describe('disclosure control: thresholds', () => {
  it('suppresses a group under k answers or under m counselors, and releases it at k and m', () => {
    const cells = new Map([
      ['four', cell('four', 4, ['a', 'b', 'c'])],
      ['five', cell('five', 5, ['a', 'b', 'c'])],
      ['two-counselors', cell('two-counselors', 40, ['a', 'b'])],
    ]);
    expect([...suppress(cells, [], T)].sort()).toEqual(['four', 'two-counselors']);
  });

  it('suppresses the smallest other part when one part of a shown total is suppressed', () => {
    const cells = new Map([
      ['office', cell('office', 32, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])],
      ['t1', cell('t1', 2, ['a', 'b', 'c'])],
      ['t2', cell('t2', 12, ['d', 'e', 'f'])],
      ['t3', cell('t3', 18, ['g', 'h', 'i'])],
    ]);
    const hidden = suppress(cells, [{ total: 'office', parts: ['t1', 't2', 't3'] }], T);
    // t1 alone could be had by subtraction: t2 (the smallest other) goes too, and office stays.
    expect([...hidden].sort()).toEqual(['t1', 't2']);
  });

  it('keeps adding complements until the suppressed parts together reach k answers and m counselors', () => {
    const cells = new Map([
      ['office', cell('office', 30, ['a', 'b', 'c', 'd', 'e'])],
      ['t1', cell('t1', 1, ['a'])],
      ['t2', cell('t2', 2, ['b'])],
      ['t3', cell('t3', 27, ['c', 'd', 'e'])],
    ]);
    const hidden = suppress(cells, [{ total: 'office', parts: ['t1', 't2', 't3'] }], T);
    expect([...hidden].sort()).toEqual(['t1', 't2', 't3']);
  });

  it('never picks an empty part as the complement, and leaves a relation alone when nothing is suppressed', () => {
    const cells = new Map([
      ['office', cell('office', 20, ['a', 'b', 'c', 'd', 'e', 'f'])],
      ['t1', cell('t1', 0, [])],
      ['t2', cell('t2', 10, ['a', 'b', 'c'])],
      ['t3', cell('t3', 10, ['d', 'e', 'f'])],
    ]);
    // t1 is suppressed (marked, never shown as zero) but hides nothing, so t2 and t3 stay.
    expect([...suppress(cells, [{ total: 'office', parts: ['t1', 't2', 't3'] }], T)]).toEqual(['t1']);
  });

  it('suppresses a part under a suppressed total, so the total cannot be added up', () => {
    const cells = new Map([
      ['office', cell('office', 20, ['a', 'b', 'c', 'd', 'e', 'f'])],
      ['t1', cell('t1', 10, ['a', 'b', 'c'])],
      ['t2', cell('t2', 10, ['d', 'e', 'f'])],
    ]);
    const hidden = suppress(cells, [{ total: 'office', parts: ['t1', 't2'] }], T, ['office']);
    expect(hidden.has('office')).toBe(true);
    expect(hidden.has('t1') || hidden.has('t2')).toBe(true);
  });
});

/**
 * The differencing property. Random organisations and answers; random sequences of the queries the
 * server allows (a unit the tree has, a fixed month/tertial/year). Every released figure is
 * collected, and the raw answers behind each are recomputed here, independently of the code under
 * test. Invariants:
 *  I1 no released figure rests on fewer than k answers or fewer than m counselors;
 *  I2 for any two released figures of the same measure whose answer sets nest (unit within unit,
 *     period within period), the difference is empty or holds at least k answers from at least m
 *     counselors — so no answer (or group under k) is isolated by subtraction;
 *  I3 for every relation (unit = Σ sub-units + direct answers; year = Σ tertials; tertial = Σ
 *     months) whose total is released, the unreleased parts with answers are none, or at least two
 *     that together hold at least k answers and m counselors (or are the whole total);
 *  I4 the same query always returns the same figure.
 */
describe('disclosure control: no sequence of allowed queries isolates an answer', () => {
  interface Org {
    tree: UnitTree;
    counselors: Array<{ id: string; unitId: string }>;
  }
  const orgArbitrary: fc.Arbitrary<Org> = fc
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
  const scenario = orgArbitrary.chain((org) =>
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
      queries: fc.array(fc.tuple(fc.constantFrom(...org.tree.keys()), fc.constantFrom(...periodsOfYear(2026).map((p) => p.key))), { minLength: 1, maxLength: 60 }),
    }),
  );

  it('holds I1–I4 for random data and random query sequences', () => {
    fc.assert(
      fc.property(scenario, ({ org, responses, k, m, queries }) => {
        const thresholds = { answers: k, comments: 10, counselors: m };
        const rows = responses.map((r) => ({ ...org.counselors[r.counselor], month: `2026-${String(r.month).padStart(2, '0')}-01`, values: r.values }));
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
        const inPeriod = (month: string, key: string) => [periodOf(month, 'month').key, periodOf(month, 'tertial').key, periodOf(month, 'year').key].includes(key);
        /** Indexes of the raw answers (on the scale, for this measure) behind a cell. */
        const behind = (unitId: string, periodKey: string, measure: number, direct = false) =>
          rows.flatMap((r, i) => ((direct ? r.unitId === unitId : within(r.unitId, unitId)) && inPeriod(r.month, periodKey) && r.values[measure] !== null ? [i] : []));
        const counselorsOf = (indexes: number[]) => new Set(indexes.map((i) => rows[i].id)).size;
        const safeDifference = (indexes: number[]) => indexes.length === 0 || (indexes.length >= k && counselorsOf(indexes) >= m);

        // I4 and the collection of everything the query sequence released.
        const seen = new Map<string, string>();
        const released: Array<{ unitId: string; period: string; measure: number; set: Set<number> }> = [];
        for (const [unitId, period] of [...queries, ...queries]) {
          const result = table.cell(unitId, period);
          const key = `${unitId}@${period}`;
          const json = JSON.stringify(result);
          if (seen.has(key)) expect(json).toBe(seen.get(key));
          seen.set(key, json);
          result.measures.forEach((figure, measure) => {
            if (figure.suppressed) return;
            const set = behind(unitId, period, measure);
            // I1 (and the figure is the figure of exactly these answers).
            expect(figure.n).toBe(set.length);
            expect(set.length).toBeGreaterThanOrEqual(k);
            expect(counselorsOf(set)).toBeGreaterThanOrEqual(m);
            released.push({ unitId, period, measure, set: new Set(set) });
          });
        }
        // I2: nested pairs among what was released.
        for (const a of released) {
          for (const b of released) {
            if (a === b || a.measure !== b.measure || !within(b.unitId, a.unitId)) continue;
            if (![...b.set].every((i) => a.set.has(i))) continue;
            expect(safeDifference([...a.set].filter((i) => !b.set.has(i)))).toBe(true);
          }
        }
        // I3: every relation of the whole table whose total is released.
        const isReleased = (unitId: string, period: string, measure: number) => !table.cell(unitId, period).measures[measure].suppressed;
        for (let measure = 0; measure < 2; measure++) {
          for (const { key: period } of periodsOfYear(2026)) {
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
                const ok = hidden.length === 0 || residual.length === total.length || (hidden.length >= 2 && safeDifference(residual));
                expect(ok).toBe(true);
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
