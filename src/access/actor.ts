import type { Database } from '../db/database.ts';
import type { GrantedRole } from '../db/schema.ts';
import { AppError } from '../core/errors.ts';
import { canViewUnit, type Actor, type UnitTree } from './scope.ts';

/** Loads the unit tree (a few thousand rows nationally; read per request, so nodes stay stateless). */
export async function loadUnitTree(db: Database): Promise<UnitTree> {
  const rows = await db.selectFrom('unit').select(['id', 'kind', 'name', 'parent_id', 'active']).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function loadActor(db: Database, employeeId: string): Promise<Actor | null> {
  const employee = await db
    .selectFrom('employee')
    .select(['id', 'name', 'unit_id', 'role'])
    .where('id', '=', employeeId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!employee) return null;
  const grants = await db.selectFrom('role_grant').select(['role', 'unit_id']).where('employee_id', '=', employeeId).execute();
  const scoped = (role: GrantedRole) => grants.filter((g) => g.role === role && g.unit_id).map((g) => g.unit_id!);
  return {
    employeeId: employee.id,
    name: employee.name,
    unitId: employee.unit_id,
    job: employee.role,
    // A leader by job leads their own unit; grants can add more units.
    leaderOf: [...new Set([...(employee.role === 'leader' ? [employee.unit_id] : []), ...scoped('leader')])],
    countyAnalystOf: scoped('county_analyst'),
    nationalAnalyst: grants.some((g) => g.role === 'national_analyst'),
    administrator: grants.some((g) => g.role === 'administrator'),
  };
}

/** 403 unless the actor may see this unit's group-level results; 404 for a unit that does not exist. */
export function assertCanViewUnit(actor: Actor, tree: UnitTree, unitId: string): void {
  if (!tree.has(unitId)) throw new AppError('not_found', { reason: 'unit_unknown' });
  if (!canViewUnit(actor, tree, unitId)) throw new AppError('forbidden', { reason: 'unit_outside_access' });
}

export async function grantRole(db: Database, employeeId: string, role: GrantedRole, unitId: string | null): Promise<void> {
  await db
    .insertInto('role_grant')
    .values({ employee_id: employeeId, role, unit_id: unitId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function audit(
  db: Database,
  entry: {
    actorId: string;
    action: string;
    subjectEmployeeId?: string | null;
    unitId?: string | null;
    detail?: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor_id: entry.actorId,
      action: entry.action,
      subject_employee_id: entry.subjectEmployeeId ?? null,
      unit_id: entry.unitId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
