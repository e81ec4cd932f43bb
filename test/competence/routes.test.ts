import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { testApp, type TestApp } from '../support/app.ts';

/**
 * The register of competence activities over HTTP: the office's leader writes it, its counselors read
 * it, another office's leader neither reads nor writes it; bad input names the field and changes nothing;
 * the scrubber's warning comes before anything with an identity number or a phone number is saved.
 * Added to SMALL_ORG: office o2 with its leader l2 and a counselor v7.
 */

let t: TestApp;
const cookies = new Map<string, string>();
async function cookieOf(id: string): Promise<string> {
  if (!cookies.has(id)) {
    const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: id } });
    cookies.set(id, `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`);
  }
  return cookies.get(id)!;
}
const get = async (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: await cookieOf(who) } });
const post = async (who: string, url: string, form: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: await cookieOf(who), 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: body.toString(),
  });
};
const postJson = async (who: string, url: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: await cookieOf(who), 'sec-fetch-site': 'same-origin' }, payload });
const rows = async () => t.ctx.db.selectFrom('competence_activity').selectAll().orderBy('id').execute();

const VALID = {
  office_id: 'o1',
  form: 'fagmote',
  title: 'Endringer i AAP-forskriften',
  led_by: 'Lise Leder',
  target_group: 'Alle veiledere',
  date: '2026-02-12',
  areas: ['aap', 'folketrygdloven'],
  expected_outcome: 'Alle kjenner de nye vilkårene og kan forklare dem i møtene.',
};

beforeAll(async () => {
  t = await testApp({}, new Date('2026-03-10T10:00:00Z'));
  await t.ctx.db.insertInto('unit').values({ id: 'o2', kind: 'office', name: 'NAV Annetby', parent_id: 'c1' }).execute();
  await t.ctx.db
    .insertInto('employee')
    .values([
      { id: 'l2', name: 'Lars Annen', unit_id: 'o2', role: 'leader' },
      { id: 'v7', name: 'Vera Annen', unit_id: 'o2', role: 'counselor' },
      { id: 'ca1', name: 'Frida Fylke', unit_id: 'c1', role: 'staff' },
    ])
    .execute();
  await grantRole(t.ctx.db, 'ca1', 'county_analyst', 'c1');
});
afterAll(async () => t?.close());

describe('the register of competence activities', () => {
  let id = 0;

  it('is in the menu of counselors and leaders, h1 the menu’s name, in three languages', async () => {
    for (const [lang, name] of [
      ['nb', 'Kompetansetiltak'],
      ['nn', 'Kompetansetiltak'],
      ['en', 'Competence activities'],
    ]) {
      for (const who of ['v1', 'l1']) {
        const page = await get(who, `/competence?lang=${lang}`);
        expect(page.statusCode).toBe(200);
        expect(page.body).toMatch(new RegExp(`<h1[^>]*>${name}</h1>`));
        expect(page.body).toContain(`href="/competence?lang=${lang}"`);
      }
    }
    // The leader gets the form; the counselor does not.
    expect((await get('l1', '/competence?lang=nb')).body).toContain('Registrer et tiltak');
    expect((await get('v1', '/competence?lang=nb')).body).not.toContain('Registrer et tiltak');
  });

  it('the office’s leader registers an activity', async () => {
    const made = await post('l1', '/competence?lang=nb', VALID);
    expect(made.statusCode).toBe(303);
    const [row] = await rows();
    expect(row).toMatchObject({
      office_id: 'o1',
      form: 'fagmote',
      held_on: '2026-02-12',
      areas: ['aap', 'folketrygdloven'],
      observed_outcome: null,
    });
    id = Number(row.id);
    const page = await get('l1', '/competence?lang=nb');
    expect(page.body).toContain('Endringer i AAP-forskriften');
    expect(page.body).toContain(`href="/competence/${id}?lang=nb"`);
  });

  it('its counselors read it but cannot change it (403), nor register one', async () => {
    const page = await get('v1', '/competence?lang=nb');
    expect(page.body).toContain('Endringer i AAP-forskriften');
    expect(page.body).not.toContain(`href="/competence/${id}`);
    expect((await get('v1', `/competence/${id}`)).statusCode).toBe(403);
    expect((await post('v1', `/competence/${id}`, { ...VALID, title: 'Endret' })).statusCode).toBe(403);
    expect((await post('v1', `/competence/${id}/delete`, {})).statusCode).toBe(403);
    expect((await post('v1', '/competence', VALID)).statusCode).toBe(403);
    const api = await get('v1', '/api/v1/offices/o1/competence');
    expect(api.statusCode).toBe(200);
    expect(api.json().activities).toHaveLength(1);
    expect(await rows()).toHaveLength(1);
  });

  it('another office’s leader and staff neither see nor change it (404), nor register for it (403)', async () => {
    for (const who of ['l2', 'v7']) {
      expect((await get(who, '/competence?lang=nb')).body).not.toContain('Endringer i AAP-forskriften');
      expect((await get(who, `/competence/${id}`)).statusCode).toBe(404);
      expect((await get(who, '/api/v1/offices/o1/competence')).statusCode).toBe(404);
      const { office_id: _o, ...fields } = VALID;
      expect((await post(who, `/competence/${id}`, { ...fields, title: 'Kapret' })).statusCode).toBe(404);
      expect((await post(who, `/competence/${id}/delete`, {})).statusCode).toBe(404);
    }
    expect((await post('l2', '/competence', VALID)).statusCode).toBe(403);
    expect((await post('l1', '/competence', { ...VALID, office_id: 'o2' })).statusCode).toBe(403);
    expect((await post('l1', '/competence', { ...VALID, office_id: 'nowhere' })).statusCode).toBe(404);
    expect(await rows()).toHaveLength(1);
    expect((await rows())[0].title).toBe('Endringer i AAP-forskriften');
  });

  it('bad input names the field and changes nothing', async () => {
    const before = await rows();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...VALID, form: 'party' }, 'form'],
      [{ ...VALID, title: '' }, 'title'],
      [{ ...VALID, led_by: 'x'.repeat(201) }, 'led_by'],
      [{ ...VALID, date: '2026-02-30' }, 'date'],
      [{ ...VALID, date: '12.02.2026' }, 'date'],
      [{ ...VALID, areas: ['aap', 'astrology'] }, 'areas'],
      [{ ...VALID, expected_outcome: '   ' }, 'expected_outcome'],
      [{ ...VALID, extra: 'x' }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await postJson('l1', '/competence', body);
      expect(res.statusCode, field).toBe(422);
      expect(
        res.json().fields.map((f: { field: string }) => f.field.split('.')[0]),
        field,
      ).toContain(field);
      // The page names it too.
      const page = await post('l1', '/competence?lang=en', body as Record<string, string>);
      expect(page.statusCode, field).toBe(422);
      expect(page.body, field).toContain(field);
    }
    const { office_id: _o, ...fields } = VALID;
    const update = await postJson('l1', `/competence/${id}`, { ...fields, date: 'tomorrow' });
    expect(update.statusCode).toBe(422);
    expect(update.json().fields[0].field).toBe('date');
    expect(await rows()).toEqual(before);
  });

  it('warns before saving an identity number or a phone number (taushetsplikt), and saves it when asked to', async () => {
    const risky = { ...VALID, title: 'Saken til bruker 12345678', expected_outcome: 'Ring 98765432 etterpå' };
    const warned = await post('l1', '/competence?lang=nb', risky);
    expect(warned.statusCode).toBe(422);
    expect(warned.body).toContain('Teksten kan inneholde opplysninger om en bruker');
    expect(warned.body).toContain('Lagre likevel');
    expect(warned.body).toContain('Saken til bruker 12345678'); // the form comes back as sent
    const json = await postJson('l1', '/competence', risky);
    expect(json.statusCode).toBe(422);
    expect(json.json().fields.map((f: { field: string }) => f.field)).toEqual(['title', 'expected_outcome']);
    expect(await rows()).toHaveLength(1);
    // A colleague's name is no finding: an activity names who leads it.
    expect((await postJson('l1', '/competence', { ...VALID, led_by: 'Kari Nordmann' })).statusCode).toBe(200);
    const anyway = await post('l1', '/competence?lang=nb', { ...risky, confirm: 'anyway' });
    expect(anyway.statusCode).toBe(303);
    expect(await rows()).toHaveLength(3);
  });

  it('the leader fills in the observed outcome later, and may delete an activity', async () => {
    const { office_id: _o, ...fields } = VALID;
    const saved = await post('l1', `/competence/${id}?lang=nb`, { ...fields, observed_outcome: 'Færre klager på vedtaksbrev.' });
    expect(saved.statusCode).toBe(303);
    expect((await rows())[0]).toMatchObject({ observed_outcome: 'Færre klager på vedtaksbrev.', updated_by: 'l1' });
    const edit = await get('l1', `/competence/${id}?lang=en`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Færre klager på vedtaksbrev.');
    const last = (await rows()).at(-1)!;
    expect((await post('l1', `/competence/${last.id}/delete?lang=nb`, {})).statusCode).toBe(303);
    expect(await rows()).toHaveLength(2);
  });

  it('the office’s leader sees the activities as marks on the office’s results over time, with the table beside them', async () => {
    const page = await get('l1', '/units/o1?lang=nb');
    expect(page.statusCode).toBe(200);
    const trend = /<section aria-labelledby="trend"[\s\S]*?<\/section>\s*<\/section>/.exec(page.body)![0];
    const svg = /<svg[\s\S]*?<\/svg>/.exec(trend)![0];
    // Both activities left are on 2026-02-12, in 2026-T1: one mark for the period, numbered as the table.
    expect(svg).toContain('Tiltak 1, 2');
    expect(svg).toMatch(/fill="#8a3c00"/);
    expect(trend).toContain('Kompetansetiltak i perioden');
    expect(trend).toContain('Endringer i AAP-forskriften');
    expect(trend).toContain(
      'aria-label="Stolpediagram: helhetsvurdering per periode. Samme tall står i tabellen. Kompetansetiltak er merket',
    );
    const en = await get('l1', '/units/o1?lang=en&period=month');
    expect(en.body).toContain('Activity 1, 2');
    expect(en.body).toContain('Competence activities in the period');
  });

  it('marks only the office’s own report for its own people: not a team’s, not for a county analyst comparing offices', async () => {
    const team = await get('l1', '/units/t1?lang=nb');
    expect(team.statusCode).toBe(200);
    expect(team.body).not.toContain('Kompetansetiltak i perioden');
    const analyst = await get('ca1', '/units/o1?lang=nb');
    expect(analyst.statusCode).toBe(200);
    expect(analyst.body).not.toContain('Kompetansetiltak i perioden');
    expect(analyst.body).not.toContain('Tiltak 1');
    expect((await get('ca1', '/competence')).statusCode).toBe(200);
    expect((await get('ca1', '/api/v1/offices/o1/competence')).statusCode).toBe(404);
  });
});
