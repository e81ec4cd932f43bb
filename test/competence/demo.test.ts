import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCompetence } from '../../src/competence/demo.ts';
import { FORMS } from '../../src/competence/core.ts';
import { periodOf } from '../../src/time/periods.ts';
import { testApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({}, new Date('2026-11-23T10:00:00Z'));
});
afterAll(async () => t?.close());

describe('the demo register of competence activities', () => {
  it('gives each office with a leader a few activities every tertial of the last year, of every form, one ahead', async () => {
    expect(await seedDemoCompetence(t.ctx)).toBeGreaterThan(6);
    const rows = await t.ctx.db.selectFrom('competence_activity').selectAll().where('office_id', '=', 'o1').orderBy('held_on').execute();
    expect(new Set(rows.map((r) => r.created_by))).toEqual(new Set(['l1']));
    const tertials = new Map<string, number>();
    for (const r of rows) tertials.set(periodOf(r.held_on, 'tertial').key, (tertials.get(periodOf(r.held_on, 'tertial').key) ?? 0) + 1);
    for (const key of ['2026-T1', '2026-T2', '2026-T3']) expect(tertials.get(key), key).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((r) => r.form)).size).toBeGreaterThanOrEqual(FORMS.length - 1);
    // Held ones have observed outcomes, the one ahead has none yet.
    expect(rows.at(-1)!.held_on > '2026-11-23').toBe(true);
    expect(rows.at(-1)!.observed_outcome).toBeNull();
    expect(rows.filter((r) => r.observed_outcome !== null).length).toBeGreaterThan(3);
  });

  it('shows on the register page and as marks on the office’s report', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: 'l1' } });
    const cookie = `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`;
    const register = await t.app.inject({ method: 'GET', url: '/competence?lang=nb', headers: { cookie } });
    expect(register.body).toContain('Fagmøte: endringer i AAP-regelverket');
    const report = await t.app.inject({ method: 'GET', url: '/units/o1?lang=nb', headers: { cookie } });
    expect(report.body).toMatch(/<svg[\s\S]*Tiltak \d/);
  });
});
