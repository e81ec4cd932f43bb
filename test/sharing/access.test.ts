import { describe, expect, it } from 'vitest';
import type { Actor, UnitNode, UnitTree } from '../../src/access/scope.ts';
import { decideIndividualAccess, leadsCounselor, type AccessFacts } from '../../src/consent/access.ts';
import { addDays, localDate } from '../../src/time/zone.ts';

const tree: UnitTree = new Map(
  [
    { id: 'n', kind: 'nation', name: 'NAV', parent_id: null },
    { id: 'c1', kind: 'county', name: 'Fylke', parent_id: 'n' },
    { id: 'o1', kind: 'office', name: 'Kontor 1', parent_id: 'c1' },
    { id: 'o2', kind: 'office', name: 'Kontor 2', parent_id: 'c1' },
    { id: 't1', kind: 'team', name: 'Team 1', parent_id: 'o1' },
    { id: 't2', kind: 'team', name: 'Team 2', parent_id: 'o1' },
  ].map((u): [string, UnitNode] => [u.id, { ...u, kind: u.kind as UnitNode['kind'], active: true }]),
);

function actor(id: string, overrides: Partial<Actor> = {}): Actor {
  return {
    employeeId: id,
    name: id,
    unitId: 't1',
    job: 'counselor',
    leaderOf: [],
    countyAnalystOf: [],
    nationalAnalyst: false,
    administrator: false,
    ...overrides,
  };
}

const officeLeader = actor('l1', { job: 'leader', unitId: 'o1', leaderOf: ['o1'] });
const teamLeader = actor('l2', { job: 'leader', unitId: 't1', leaderOf: ['t1'] });
const otherTeamLeader = actor('l3', { job: 'leader', unitId: 't2', leaderOf: ['t2'] });
const otherOfficeLeader = actor('l4', { job: 'leader', unitId: 'o2', leaderOf: ['o2'] });
const countyLeader = actor('l5', { job: 'staff', unitId: 'c1', leaderOf: ['c1'] });
const admin = actor('adm', { job: 'staff', unitId: 'n', administrator: true, nationalAnalyst: true, countyAnalystOf: ['c1'] });
const colleague = actor('v2');

function facts(who: Actor, overrides: Partial<AccessFacts> = {}): AccessFacts {
  return {
    actor: who,
    tree,
    counselor: { id: 'v1', unitId: 't1' },
    shares: [],
    sharedGroupIds: [],
    policies: [],
    today: '2026-03-10',
    ...overrides,
  };
}

describe('decideIndividualAccess', () => {
  it('lets the counselor read their own figures and comments, always', () => {
    for (const what of ['figures', 'comments'] as const) {
      expect(decideIndividualAccess(facts(actor('v1')), what)).toEqual({ allowed: true, reason: 'self' });
    }
  });

  it('denies everyone else by default: leaders, colleagues, analysts, administrators', () => {
    for (const who of [officeLeader, teamLeader, otherTeamLeader, otherOfficeLeader, countyLeader, admin, colleague]) {
      for (const what of ['figures', 'comments'] as const) {
        expect(decideIndividualAccess(facts(who), what)).toEqual({ allowed: false, reason: 'not-shared' });
      }
    }
  });

  it('a share with the leader opens exactly what was shared, to the leaders of the counselor within the office only', () => {
    const f = (who: Actor) => facts(who, { shares: [{ grantee_kind: 'leader', group_id: null, what: 'figures' }] });
    expect(decideIndividualAccess(f(officeLeader), 'figures')).toEqual({ allowed: true, reason: 'shared-with-leader' });
    expect(decideIndividualAccess(f(teamLeader), 'figures')).toEqual({ allowed: true, reason: 'shared-with-leader' });
    expect(decideIndividualAccess(f(officeLeader), 'comments').allowed).toBe(false);
    for (const who of [otherTeamLeader, otherOfficeLeader, countyLeader, admin, colleague]) {
      expect(decideIndividualAccess(f(who), 'figures').allowed).toBe(false);
    }
  });

  it('a share with a group opens to members of that group only', () => {
    const shares = [{ grantee_kind: 'group' as const, group_id: 7, what: 'comments' as const }];
    expect(decideIndividualAccess(facts(colleague, { shares, sharedGroupIds: [7] }), 'comments')).toEqual({
      allowed: true,
      reason: 'shared-with-group',
    });
    expect(decideIndividualAccess(facts(colleague, { shares, sharedGroupIds: [7] }), 'figures').allowed).toBe(false);
    expect(decideIndividualAccess(facts(colleague, { shares, sharedGroupIds: [8] }), 'comments').allowed).toBe(false);
    expect(decideIndividualAccess(facts(colleague, { shares, sharedGroupIds: [] }), 'comments').allowed).toBe(false);
    // Sharing with a group is not sharing with the leader, unless the leader is in the group.
    expect(decideIndividualAccess(facts(officeLeader, { shares }), 'comments').allowed).toBe(false);
    expect(decideIndividualAccess(facts(officeLeader, { shares, sharedGroupIds: [7] }), 'comments').reason).toBe('shared-with-group');
  });

  it("an office policy applies from its start date, to the counselor's leaders, and to comments only if it says so", () => {
    const policies = [{ starts_on: '2026-03-24', includes_comments: false }];
    expect(decideIndividualAccess(facts(officeLeader, { policies, today: '2026-03-23' }), 'figures').allowed).toBe(false);
    expect(decideIndividualAccess(facts(officeLeader, { policies, today: '2026-03-24' }), 'figures')).toEqual({
      allowed: true,
      reason: 'office-policy',
    });
    expect(decideIndividualAccess(facts(teamLeader, { policies, today: '2026-04-01' }), 'figures').reason).toBe('office-policy');
    expect(decideIndividualAccess(facts(officeLeader, { policies, today: '2026-04-01' }), 'comments').allowed).toBe(false);
    const withComments = [{ starts_on: '2026-03-24', includes_comments: true }];
    expect(decideIndividualAccess(facts(officeLeader, { policies: withComments, today: '2026-04-01' }), 'comments').reason).toBe(
      'office-policy',
    );
    for (const who of [otherTeamLeader, otherOfficeLeader, countyLeader, admin, colleague]) {
      expect(decideIndividualAccess(facts(who, { policies: withComments, today: '2026-04-01' }), 'figures').allowed).toBe(false);
    }
  });

  it("names the counselor's own share before the policy when both apply", () => {
    const f = facts(officeLeader, {
      shares: [{ grantee_kind: 'leader', group_id: null, what: 'figures' }],
      policies: [{ starts_on: '2026-01-01', includes_comments: false }],
    });
    expect(decideIndividualAccess(f, 'figures').reason).toBe('shared-with-leader');
  });

  it('denies an unknown counselor', () => {
    expect(decideIndividualAccess(facts(officeLeader, { counselor: null }), 'figures')).toEqual({
      allowed: false,
      reason: 'unknown-counselor',
    });
  });
});

describe('helpers', () => {
  it('leadsCounselor: office and team leaders above the counselor, not a sibling team or the county', () => {
    expect(leadsCounselor(officeLeader, tree, 't1')).toBe(true);
    expect(leadsCounselor(teamLeader, tree, 't1')).toBe(true);
    expect(leadsCounselor(otherTeamLeader, tree, 't1')).toBe(false);
    expect(leadsCounselor(countyLeader, tree, 't1')).toBe(false);
    expect(leadsCounselor(officeLeader, tree, 'c1')).toBe(false);
  });

  it('localDate uses the configured time zone; addDays crosses months and years', () => {
    expect(localDate(new Date('2026-03-09T23:30:00Z'), 'Europe/Oslo')).toBe('2026-03-10');
    expect(localDate(new Date('2026-03-09T23:30:00Z'), 'UTC')).toBe('2026-03-09');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2026-02-20', 14)).toBe('2026-03-06');
  });
});
