import { grantRole } from '../../src/access/actor.ts';
import type { TestApp } from '../support/app.ts';

/**
 * Adds the staff the access tests need to SMALL_ORG: an administrator, a county analyst of c1 and a
 * national analyst (all 'staff' by job, with grants), and a nation unit above c1.
 */
export async function addStaff(t: TestApp): Promise<void> {
  const db = t.ctx.db;
  await db.insertInto('unit').values({ id: 'n1', kind: 'nation', name: 'Testnasjon', parent_id: null }).execute();
  await db.updateTable('unit').set({ parent_id: 'n1' }).where('id', '=', 'c1').execute();
  await db
    .insertInto('employee')
    .values([
      { id: 'adm', name: 'Ada Admin', unit_id: 'n1', role: 'staff' },
      { id: 'ca1', name: 'Frida Fylke', unit_id: 'c1', role: 'staff' },
      { id: 'na1', name: 'Nils Nasjonal', unit_id: 'n1', role: 'staff' },
    ])
    .execute();
  await grantRole(db, 'adm', 'administrator', null);
  await grantRole(db, 'ca1', 'county_analyst', 'c1');
  await grantRole(db, 'na1', 'national_analyst', null);
}

/** Signs in through the dev login; returns the session cookie for `inject`. */
export async function sessionOf(t: TestApp, employeeId: string): Promise<Record<string, string>> {
  const res = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
  if (res.statusCode !== 303) throw new Error(`dev login for ${employeeId} answered ${res.statusCode}: ${res.body}`);
  const session = res.cookies.find((c) => c.name === 'bs_session');
  return { bs_session: session!.value };
}
