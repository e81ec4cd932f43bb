import { describe, expect, it } from 'vitest';
import type { UnitNode, UnitTree } from '../../src/access/scope.ts';
import { buildReleaseTable, type AnswerTally, type DecidedCell, type MeasureTally } from '../../src/disclosure/group-table.ts';

/**
 * A closed period's answers changed after its figures were decided (a correction, a deletion): the
 * earlier releases can no longer all stand. Found on PostgreSQL as a 500 from a unit report; the
 * table must decide those cells afresh, never throw, and never release the difference.
 */
const unit = (id: string, kind: UnitNode['kind'], parent_id: string | null): [string, UnitNode] => [
  id,
  { id, kind, name: id, parent_id, active: true },
];
const tree: UnitTree = new Map([
  unit('c1', 'county', null),
  unit('o1', 'office', 'c1'),
  unit('t1', 'team', 'o1'),
  unit('t2', 'team', 'o1'),
]);

describe('decisions kept from before', () => {
  it('are taken back rather than leak when the answers under them changed', () => {
    const month = '2026-01-01';
    // t1: three counselors with one answer each; t2: one answer. o1 = 4 and t1 = 3 give away t2's answer.
    const rows = [
      { unitId: 't1', counselorId: 'a', value: 5 },
      { unitId: 't1', counselorId: 'b', value: 4 },
      { unitId: 't1', counselorId: 'c', value: 6 },
      { unitId: 't2', counselorId: 'd', value: 1 },
    ];
    const answers: AnswerTally[] = rows.map((r) => ({ unitId: r.unitId, month, counselorId: r.counselorId, n: 1 }));
    const measures: MeasureTally[] = rows.map((r) => ({
      unitId: r.unitId,
      month,
      counselorId: r.counselorId,
      measure: 0,
      n: 1,
      sum: r.value,
      positive: r.value >= 4 ? 1 : 0,
      dontKnow: 0,
      distribution: [1, 2, 3, 4, 5, 6].map((x) => (x === r.value ? 1 : 0)),
    }));
    // Decided when the answers were other ones: both o1 and t1 were released in every period.
    const decided = new Map<string, DecidedCell>();
    for (const period of ['2026-01', '2026-T1', '2026']) {
      decided.set(`o1@${period}`, { answers: 4, released: true, measures: [true] });
      decided.set(`c1@${period}`, { answers: 4, released: true, measures: [true] });
      decided.set(`t1@${period}`, { answers: 3, released: true, measures: [true] });
    }
    const table = buildReleaseTable({
      tree,
      years: [2026],
      measureCount: 1,
      answers,
      measures,
      thresholds: { answers: 3, comments: 10, counselors: 3 },
      decided,
    });
    for (const period of ['2026-01', '2026-T1', '2026']) {
      const shown = ['c1', 'o1', 't1'].filter((u) => !table.cell(u, period).measures[0].suppressed);
      // Both t1 and one of its parents released would give away t2's single answer.
      expect(shown.includes('t1') && shown.some((u) => u !== 't1')).toBe(false);
    }
  });
});
