import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { SMALL_ORG, testApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());

const org = (input: unknown) => orgInputSchema.parse(input);

describe('organisation model', () => {
  it('applying the same snapshot twice changes nothing', async () => {
    const summary = await applyOrg(t.ctx.db, SMALL_ORG, new Date());
    expect(summary).toEqual({ unitsCreated: 0, unitsChanged: 0, employeesCreated: 0, employeesChanged: 0 });
  });

  it('renames, moves and deactivates while keeping every earlier version', async () => {
    const t1 = new Date('2026-05-01T00:00:00Z');
    await applyOrg(t.ctx.db, org({ units: [{ id: 't2', kind: 'team', name: 'Team Unge voksne', parent_id: 'o1' }] }), t1);
    await applyOrg(t.ctx.db, org({ employees: [{ id: 'v4', name: 'Per Olsen', unit_id: 't1', role: 'counselor' }] }), t1);
    const t2 = new Date('2026-06-01T00:00:00Z');
    await applyOrg(t.ctx.db, org({ employees: [{ id: 'v4', name: 'Per Olsen', unit_id: 't1', role: 'counselor', active: false }] }), t2);

    const unit = await t.ctx.db.selectFrom('unit').selectAll().where('id', '=', 't2').executeTakeFirstOrThrow();
    expect(unit.name).toBe('Team Unge voksne');
    const unitHistory = await t.ctx.db.selectFrom('unit_history').selectAll().where('unit_id', '=', 't2').execute();
    expect(unitHistory.map((h) => h.name)).toEqual(['Team Ungdom']);
    expect(new Date(unitHistory[0].valid_to).toISOString()).toBe(t1.toISOString());

    const history = await t.ctx.db
      .selectFrom('employee_history')
      .selectAll()
      .where('employee_id', '=', 'v4')
      .orderBy('valid_from')
      .execute();
    expect(history.map((h) => [h.unit_id, h.active])).toEqual([
      ['t2', true],
      ['t1', true],
    ]);
    const now = await t.ctx.db.selectFrom('employee').selectAll().where('id', '=', 'v4').executeTakeFirstOrThrow();
    expect([now.unit_id, now.active]).toEqual(['t1', false]);
  });

  it('rejects inconsistent data as a whole: unknown parent, wrong level, unknown unit', async () => {
    const attempt = applyOrg(
      t.ctx.db,
      org({
        units: [
          { id: 'o9', kind: 'office', name: 'Ny', parent_id: 'c1' },
          { id: 't9', kind: 'team', name: 'Feil', parent_id: 'c1' },
          { id: 't8', kind: 'team', name: 'Foreldreløs', parent_id: 'nope' },
        ],
        employees: [{ id: 'v9', name: 'Ny Person', unit_id: 'ghost', role: 'counselor' }],
      }),
      new Date(),
    );
    await expect(attempt).rejects.toMatchObject({
      statusCode: 422,
      fields: [{ field: 'units.1.parent_id' }, { field: 'units.2.parent_id' }, { field: 'employees.0.unit_id' }],
    });
    expect(await t.ctx.db.selectFrom('unit').select('id').where('id', '=', 'o9').executeTakeFirst()).toBeUndefined();
  });

  it('loads through the API with an API key', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/org',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: { units: [{ id: 'o2', kind: 'office', name: 'NAV Nabo', parent_id: 'c1' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().unitsCreated).toBe(1);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/org', headers: { authorization: `Bearer ${t.apiKey}` } });
    expect(list.json().units.map((u: { id: string }) => u.id)).toContain('o2');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/org',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: { units: [{ id: 'x', kind: 'planet' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['units.0.kind', 'units.0.name']));
  });
});
