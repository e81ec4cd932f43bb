/**
 * Who may see what, as pure functions over the unit tree and an actor's roles. Every route and page
 * asks these; nothing is decided in the browser.
 *
 * - Everyone sees their own results (the counselor owns them).
 * - A leader sees the units they lead and everything beneath (teams, office), at group level.
 * - A county analyst sees offices of their county and the county itself; drill-down stops at office.
 * - A national analyst sees every office and county and the nation; drill-down stops at office.
 * - An administrator runs the system (monitoring, policies, moderation); sees office level like a
 *   national analyst, and individual results of no one.
 * Individual results of another person are never in scope here: only the counselor's own sharing or
 * a published office policy opens them (see sharing).
 */

export type UnitKind = 'nation' | 'county' | 'office' | 'team';

export interface UnitNode {
  id: string;
  kind: UnitKind;
  name: string;
  parent_id: string | null;
  active: boolean;
}

export type UnitTree = Map<string, UnitNode>;

export interface Actor {
  employeeId: string;
  name: string;
  /** The employee's own unit. */
  unitId: string;
  job: 'counselor' | 'leader' | 'staff';
  leaderOf: string[];
  countyAnalystOf: string[];
  nationalAnalyst: boolean;
  administrator: boolean;
}

export function ancestors(tree: UnitTree, unitId: string): UnitNode[] {
  const out: UnitNode[] = [];
  const seen = new Set<string>();
  let current = tree.get(unitId);
  while (current?.parent_id && !seen.has(current.parent_id)) {
    seen.add(current.parent_id);
    current = tree.get(current.parent_id);
    if (current) out.push(current);
  }
  return out;
}

/** True when `unitId` is `rootId` or lies beneath it. */
export function isWithin(tree: UnitTree, unitId: string, rootId: string): boolean {
  return unitId === rootId || ancestors(tree, unitId).some((u) => u.id === rootId);
}

export function officeOf(tree: UnitTree, unitId: string): UnitNode | undefined {
  const unit = tree.get(unitId);
  if (!unit) return undefined;
  if (unit.kind === 'office') return unit;
  return ancestors(tree, unitId).find((u) => u.kind === 'office');
}

export function descendants(tree: UnitTree, rootId: string): UnitNode[] {
  return [...tree.values()].filter((u) => u.id !== rootId && isWithin(tree, u.id, rootId));
}

/** May the actor see the group-level report of this unit? */
export function canViewUnit(actor: Actor, tree: UnitTree, unitId: string): boolean {
  const unit = tree.get(unitId);
  if (!unit) return false;
  if (actor.leaderOf.some((root) => isWithin(tree, unitId, root))) return true;
  const officeOrAbove = unit.kind !== 'team';
  if (officeOrAbove && actor.countyAnalystOf.some((county) => isWithin(tree, unitId, county))) return true;
  if (officeOrAbove && (actor.nationalAnalyst || actor.administrator)) return true;
  return false;
}

/** Units the actor may open, for navigation. */
export function visibleUnits(actor: Actor, tree: UnitTree): UnitNode[] {
  return [...tree.values()].filter((u) => canViewUnit(actor, tree, u.id)).sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

export type RoleName = 'counselor' | 'leader' | 'county_analyst' | 'national_analyst' | 'administrator';

export function rolesOf(actor: Actor): RoleName[] {
  const roles: RoleName[] = [];
  if (actor.job === 'counselor') roles.push('counselor');
  if (actor.leaderOf.length > 0) roles.push('leader');
  if (actor.countyAnalystOf.length > 0) roles.push('county_analyst');
  if (actor.nationalAnalyst) roles.push('national_analyst');
  if (actor.administrator) roles.push('administrator');
  return roles;
}

/** The offices an actor leads and the counties they analyse (active ones): who may own office and county questions. */
export type OwnerKind = 'office' | 'county';

/** Units the actor proposes for and reads results of: offices they lead, counties they analyse. */
export function ownedUnits(actor: Actor, tree: UnitTree): Array<{ id: string; name: string; kind: OwnerKind }> {
  const out: Array<{ id: string; name: string; kind: OwnerKind }> = [];
  for (const id of new Set(actor.leaderOf)) {
    const unit = tree.get(id);
    if (unit?.kind === 'office' && unit.active) out.push({ id, name: unit.name, kind: 'office' });
  }
  for (const id of new Set(actor.countyAnalystOf)) {
    const unit = tree.get(id);
    if (unit?.kind === 'county' && unit.active) out.push({ id, name: unit.name, kind: 'county' });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}
