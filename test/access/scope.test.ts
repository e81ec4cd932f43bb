import { describe, expect, it } from 'vitest';
import { canViewUnit, isWithin, officeOf, rolesOf, type Actor, type UnitNode, type UnitTree } from '../../src/access/scope.ts';

const tree: UnitTree = new Map(
  [
    { id: 'nav', kind: 'nation', name: 'NAV', parent_id: null },
    { id: 'c1', kind: 'county', name: 'Fylke 1', parent_id: 'nav' },
    { id: 'c2', kind: 'county', name: 'Fylke 2', parent_id: 'nav' },
    { id: 'o1', kind: 'office', name: 'Kontor 1', parent_id: 'c1' },
    { id: 'o2', kind: 'office', name: 'Kontor 2', parent_id: 'c2' },
    { id: 't1', kind: 'team', name: 'Team 1', parent_id: 'o1' },
    { id: 't2', kind: 'team', name: 'Team 2', parent_id: 'o2' },
  ].map((u) => [u.id, { ...u, active: true } as UnitNode]),
);

const actor = (over: Partial<Actor>): Actor => ({
  employeeId: 'e',
  name: 'E',
  unitId: 't1',
  job: 'counselor',
  leaderOf: [],
  countyAnalystOf: [],
  nationalAnalyst: false,
  administrator: false,
  ...over,
});

describe('access scope', () => {
  it('walks the unit tree', () => {
    expect(isWithin(tree, 't1', 'c1')).toBe(true);
    expect(isWithin(tree, 't1', 'c2')).toBe(false);
    expect(officeOf(tree, 't2')?.id).toBe('o2');
  });

  it.each([
    ['a counselor sees no group report', actor({}), { t1: false, o1: false, c1: false }],
    [
      'a leader of an office sees it and its teams, nothing else',
      actor({ job: 'leader', leaderOf: ['o1'] }),
      { t1: true, o1: true, c1: false, o2: false, t2: false },
    ],
    [
      'a county analyst sees offices of the county, never teams',
      actor({ countyAnalystOf: ['c1'] }),
      { c1: true, o1: true, t1: false, o2: false, c2: false },
    ],
    [
      'a national analyst sees every office and county, never teams',
      actor({ nationalAnalyst: true }),
      { nav: true, o1: true, o2: true, c2: true, t1: false, t2: false },
    ],
    ['an administrator sees offices, never teams', actor({ administrator: true }), { o1: true, t1: false }],
  ])('%s', (_name, who, expected) => {
    for (const [unit, allowed] of Object.entries(expected)) expect([unit, canViewUnit(who, tree, unit)]).toEqual([unit, allowed]);
  });

  it('names the roles an actor holds', () => {
    expect(rolesOf(actor({ job: 'leader', leaderOf: ['o1'], administrator: true }))).toEqual(['leader', 'administrator']);
  });
});
