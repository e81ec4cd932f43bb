import type { Database } from '../db/database.ts';
import { AppError } from '../core/errors.ts';
import { PARENT_KIND, type EmployeeInput, type OrgInput, type UnitInput } from './schema.ts';

export interface OrgChangeSummary {
  unitsCreated: number;
  unitsChanged: number;
  employeesCreated: number;
  employeesChanged: number;
}

const UNIT_FIELDS = ['kind', 'name', 'parent_id', 'owner', 'active'] as const;
const EMPLOYEE_FIELDS = ['name', 'unit_id', 'role', 'employer', 'email', 'active'] as const;

/**
 * Applies an organisation snapshot (or part of one) in one transaction. New units and employees
 * are created; changed ones keep their id and get their previous version written to history, so
 * a rename, move or deactivation never loses what came before. Nothing is written if any record
 * is inconsistent (unknown parent, wrong level, employee in an unknown unit).
 */
export async function applyOrg(db: Database, input: OrgInput, now: Date): Promise<OrgChangeSummary> {
  return db.transaction().execute(async (trx) => {
    const existingUnits = new Map((await trx.selectFrom('unit').selectAll().execute()).map((u) => [u.id, u]));
    const incoming = new Map<string, UnitInput>();
    const problems: Array<{ field: string; message: string }> = [];
    input.units.forEach((u, i) => {
      if (incoming.has(u.id)) problems.push({ field: `units.${i}.id`, message: `duplicate unit id ${u.id}` });
      incoming.set(u.id, u);
    });
    const kindOf = (id: string) => incoming.get(id)?.kind ?? existingUnits.get(id)?.kind;
    input.units.forEach((u, i) => {
      const expected = PARENT_KIND[u.kind];
      if (u.parent_id === null) {
        if (u.kind === 'office' || u.kind === 'team')
          problems.push({ field: `units.${i}.parent_id`, message: `a ${u.kind} needs a parent` });
        return;
      }
      const parentKind = kindOf(u.parent_id);
      if (!parentKind) problems.push({ field: `units.${i}.parent_id`, message: `unknown unit ${u.parent_id}` });
      else if (parentKind !== expected)
        problems.push({ field: `units.${i}.parent_id`, message: `a ${u.kind} must sit under a ${expected}, not a ${parentKind}` });
    });
    const seenEmployees = new Set<string>();
    input.employees.forEach((e, i) => {
      if (seenEmployees.has(e.id)) problems.push({ field: `employees.${i}.id`, message: `duplicate employee id ${e.id}` });
      seenEmployees.add(e.id);
      if (!kindOf(e.unit_id)) problems.push({ field: `employees.${i}.unit_id`, message: `unknown unit ${e.unit_id}` });
    });
    if (problems.length > 0)
      throw new AppError('invalid_input', { status: 422, detail: 'Inconsistent organisation data', fields: problems });

    const summary: OrgChangeSummary = { unitsCreated: 0, unitsChanged: 0, employeesCreated: 0, employeesChanged: 0 };
    // Parents before children, so foreign keys hold inside the transaction.
    const depth = (u: UnitInput) => ['nation', 'county', 'office', 'team'].indexOf(u.kind);
    for (const unit of [...input.units].sort((a, b) => depth(a) - depth(b))) {
      const before = existingUnits.get(unit.id);
      if (!before) {
        await trx
          .insertInto('unit')
          .values({ ...unit, valid_from: now })
          .execute();
        summary.unitsCreated++;
      } else if (UNIT_FIELDS.some((f) => before[f] !== unit[f])) {
        await trx
          .insertInto('unit_history')
          .values({
            unit_id: before.id,
            valid_from: before.valid_from,
            valid_to: now,
            kind: before.kind,
            name: before.name,
            parent_id: before.parent_id,
            owner: before.owner,
            active: before.active,
          })
          .execute();
        await trx
          .updateTable('unit')
          .set({ ...unit, valid_from: now })
          .where('id', '=', unit.id)
          .execute();
        summary.unitsChanged++;
      }
    }

    const existingEmployees = new Map(
      (
        await trx
          .selectFrom('employee')
          .selectAll()
          .where('id', 'in', input.employees.length ? input.employees.map((e) => e.id) : [''])
          .execute()
      ).map((e) => [e.id, e]),
    );
    for (const employee of input.employees) {
      const before = existingEmployees.get(employee.id);
      if (!before) {
        await trx
          .insertInto('employee')
          .values({ ...employee, valid_from: now })
          .execute();
        summary.employeesCreated++;
      } else if (EMPLOYEE_FIELDS.some((f) => before[f] !== employee[f])) {
        await trx
          .insertInto('employee_history')
          .values({
            employee_id: before.id,
            valid_from: before.valid_from,
            valid_to: now,
            name: before.name,
            unit_id: before.unit_id,
            role: before.role,
            employer: before.employer,
            active: before.active,
          })
          .execute();
        await trx
          .updateTable('employee')
          .set({ ...employee, valid_from: now })
          .where('id', '=', employee.id)
          .execute();
        summary.employeesChanged++;
      }
    }
    return summary;
  });
}

export type { EmployeeInput, UnitInput };
