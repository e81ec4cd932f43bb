import { describe, expect, it } from 'vitest';
import type { Actor, UnitTree } from '../../src/access/scope.ts';
import {
  editableOffices,
  marksPerPeriod,
  mayEdit,
  mayRead,
  numberedMarks,
  readableOffices,
  scrubFindings,
} from '../../src/competence/core.ts';

const tree: UnitTree = new Map(
  [
    { id: 'c1', kind: 'county' as const, name: 'Testfylke', parent_id: null, active: true },
    { id: 'o1', kind: 'office' as const, name: 'NAV Testby', parent_id: 'c1', active: true },
    { id: 'o2', kind: 'office' as const, name: 'NAV Annetby', parent_id: 'c1', active: true },
    { id: 'o3', kind: 'office' as const, name: 'NAV Nedlagt', parent_id: 'c1', active: false },
    { id: 't1', kind: 'team' as const, name: 'Team Arbeid', parent_id: 'o1', active: true },
  ].map((u) => [u.id, u]),
);
const actor = (over: Partial<Actor>): Actor => ({
  employeeId: 'x',
  name: 'X',
  unitId: 't1',
  job: 'counselor',
  leaderOf: [],
  countyAnalystOf: [],
  nationalAnalyst: false,
  administrator: false,
  ...over,
});

describe('who reads and writes an office’s register', () => {
  it('the office’s leader writes and reads it; a counselor of the office reads it only', () => {
    const leader = actor({ unitId: 'o1', job: 'leader', leaderOf: ['o1'] });
    expect(editableOffices(leader, tree)).toEqual(['o1']);
    expect(mayEdit(leader, tree, 'o1')).toBe(true);
    expect(mayEdit(leader, tree, 'o2')).toBe(false);
    expect(mayRead(leader, tree, 'o2')).toBe(false);
    const counselor = actor({});
    expect(readableOffices(counselor, tree)).toEqual(['o1']);
    expect(editableOffices(counselor, tree)).toEqual([]);
  });

  it('a team’s leader reads their office’s register; a county’s leader writes every active office in it', () => {
    const teamLeader = actor({ job: 'leader', leaderOf: ['t1'] });
    expect(readableOffices(teamLeader, tree)).toEqual(['o1']);
    expect(editableOffices(teamLeader, tree)).toEqual([]);
    expect(editableOffices(actor({ unitId: 'c1', job: 'leader', leaderOf: ['c1'] }), tree)).toEqual(['o1', 'o2']);
  });

  it('analysts and administrators neither read nor write it (an office’s learning is not a steering figure)', () => {
    for (const a of [
      actor({ unitId: 'c1', job: 'staff', countyAnalystOf: ['c1'] }),
      actor({ unitId: 'c1', job: 'staff', nationalAnalyst: true }),
      actor({ unitId: 'c1', job: 'staff', administrator: true }),
    ]) {
      expect(readableOffices(a, tree)).toEqual([]);
      expect(editableOffices(a, tree)).toEqual([]);
    }
  });
});

describe('the scrubber’s look at the free text', () => {
  it('names the fields holding an identity number, a phone number or an e-mail address, not a colleague’s name', () => {
    expect(
      scrubFindings({
        title: 'Fagmøte om AAP',
        led_by: 'Kari Nordmann',
        target_group: 'ring 22 33 44 55',
        expected_outcome: 'Bruker 01019012345 fikk svar',
        observed_outcome: 'skriv til ola@example.no',
      }),
    ).toEqual(['target_group', 'expected_outcome', 'observed_outcome']);
    expect(scrubFindings({ title: 'Saksforum', observed_outcome: null })).toEqual([]);
  });
});

describe('marks on the results over time', () => {
  const activities = [
    { id: 3, heldOn: '2026-05-02' },
    { id: 1, heldOn: '2026-02-10' },
    { id: 2, heldOn: '2026-02-10' },
    { id: 4, heldOn: '2025-01-15' },
  ];

  it('numbers the activities of the periods shown by date, each in its period of the chart’s kind', () => {
    const marks = numberedMarks(activities, ['2026-T1', '2026-T2'], 'tertial');
    expect(marks.map((m) => [m.id, m.number, m.period])).toEqual([
      [1, 1, '2026-T1'],
      [2, 2, '2026-T1'],
      [3, 3, '2026-T2'],
    ]);
    expect([...marksPerPeriod(marks)]).toEqual([
      ['2026-T1', [1, 2]],
      ['2026-T2', [3]],
    ]);
    expect(numberedMarks(activities, ['2026-02'], 'month').map((m) => m.id)).toEqual([1, 2]);
    expect(numberedMarks(activities, ['2025', '2026'], 'year').map((m) => m.period)).toEqual(['2025', '2026', '2026', '2026']);
  });
});
