import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, meetingEvent, type TestApp } from '../support/app.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';
import { createInvitation, createOptOutLink } from '../survey/helpers.ts';
import { createStudy, joinByStudyCode, loadSortProgress, participantForToken, setStudyStatus } from '../../src/qmethod/study.ts';

/**
 * A fuzz pass over every route the server registers: control characters in every field, path
 * parameter and query parameter, wrong types, malformed JSON, form-encoded junk and bodies over the
 * size limit, as every kind of caller. Nothing may answer 5xx, a JSON refusal of a field names the
 * field, and a refused request changes no table. Deterministic: the cases are fixed and the only
 * randomness is a seeded generator.
 */

const MAX_BODY_BYTES = 16 * 1024;

/** Every field name a schema reads somewhere, so each route gets its own fields among them. */
const FIELD_NAMES = [
  'active',
  'age_band',
  'benefit',
  'block',
  'channel',
  'code',
  'comment',
  'compare_with_averages',
  'counselor_id',
  'csv',
  'decision',
  'email',
  'employee_id',
  'employees',
  'employer',
  'enabled',
  'end_month',
  'external_id',
  'factors',
  'first_meeting',
  'format',
  'group',
  'id',
  'innsatsgruppe',
  'instrument',
  'instrument_version',
  'interpreter_used',
  'item',
  'items',
  'key',
  'kind',
  'lang',
  'language',
  'meeting_kind',
  'meetings',
  'mobile',
  'monthly_digest',
  'name',
  'nav_general',
  'office',
  'office_id',
  'overall',
  'owner',
  'owner_unit_id',
  'parent_id',
  'period',
  'protected_address',
  'reason',
  'recent_adverse_decision',
  'ref',
  'reference',
  'role',
  'rotation',
  'extraction',
  'sensitive',
  'starts_at',
  'start_month',
  'text_nb',
  'text_nn',
  'text_en',
  'unit',
  'unit_id',
  'units',
  'year',
  'what',
  'grantee',
  'group_id',
  's_prepared',
  's_time',
  'answers',
  'action',
  'card-0',
  'pile-0',
  'post-0',
];

/** C0 (NUL, BEL, ESC), DEL and C1 (NEL, CSI) controls, alone and inside ordinary text. */
const CONTROL_TEXTS = ['\u0000', 'Kari\u0000Nordmann', 'a\u0007b\u001b[31mred', 'x\u007f\u0085\u009by'];

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Route {
  method: string;
  url: string;
}

/** Every method and path from Fastify's route tree (HEAD is Fastify's own copy of GET). */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const pathAtDepth: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )?(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    const path = (depth === 0 ? '' : pathAtDepth[depth - 1]) + match[2];
    pathAtDepth[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) routes.push({ method, url: path });
  }
  return routes;
}

interface Case {
  name: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** A body-level problem (malformed, too large): no single field to name. */
  bodyLevel?: boolean;
}

const fill = (url: string, value: string) => url.replace(/:[A-Za-z]+/g, encodeURIComponent(value));
const controlQuery = (random: () => number) =>
  FIELD_NAMES.map((f) => `${f}=${encodeURIComponent(CONTROL_TEXTS[Math.floor(random() * CONTROL_TEXTS.length)])}`).join('&');

function casesFor(route: Route, random: () => number, plausible: (param: string) => string): Case[] {
  const control = () => CONTROL_TEXTS[Math.floor(random() * CONTROL_TEXTS.length)];
  const realUrl = route.url.replace(/:([A-Za-z]+)/g, (_, p: string) => encodeURIComponent(plausible(p)));
  const cases: Case[] = [
    { name: 'control characters in path parameters', url: `${fill(route.url, 'x\u0000y')}`, headers: {} },
    { name: 'control characters in the query', url: `${realUrl}?${controlQuery(random)}`, headers: {} },
    {
      name: 'repeated and empty query parameters',
      url: `${realUrl}?${FIELD_NAMES.map((f) => `${f}=&${f}=1&${f}[x]=2`).join('&')}`,
      headers: {},
    },
  ];
  if (route.method === 'GET') return cases;
  const json = (value: unknown) => JSON.stringify(value);
  const everyField = (value: () => unknown) => Object.fromEntries(FIELD_NAMES.map((f) => [f, value()]));
  const jsonHeaders = { 'content-type': 'application/json' };
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
  cases.push(
    { name: 'control characters in every JSON field', url: realUrl, headers: jsonHeaders, payload: json(everyField(control)) },
    {
      name: 'control characters in every form field',
      url: realUrl,
      headers: formHeaders,
      payload: FIELD_NAMES.map((f) => `${f}=${encodeURIComponent(control())}`).join('&'),
    },
    {
      name: 'wrong types in every JSON field',
      url: realUrl,
      headers: jsonHeaders,
      payload: json(everyField(() => [{ nested: random() < 0.5 ? null : 1e308 }])),
    },
    { name: 'a JSON array, not an object', url: realUrl, headers: jsonHeaders, payload: json([1, 'two', null]) },
    { name: 'malformed JSON', url: realUrl, headers: jsonHeaders, payload: '{"name": "unterminated', bodyLevel: true },
    { name: 'form-encoded junk', url: realUrl, headers: formHeaders, payload: '%%%&&==\u0000&a[b][c]=%ZZ&=&name' },
    {
      name: 'a body over the size limit',
      url: realUrl,
      headers: jsonHeaders,
      payload: json({ name: 'x'.repeat(MAX_BODY_BYTES + 1) }),
      bodyLevel: true,
    },
    {
      name: 'an unknown content type',
      url: realUrl,
      headers: { 'content-type': 'application/x-junk' },
      payload: '\u0000\u0001',
      bodyLevel: true,
    },
  );
  return cases;
}

let t: TestApp;
let surveyToken: string;
let optOutToken: string;
let sortToken: string;
beforeAll(async () => {
  t = await testApp({ MAX_BODY_BYTES });
  await addStaff(t);
  const invitation = await createInvitation(t.ctx.db);
  surveyToken = invitation.token;
  optOutToken = await createOptOutLink(t.ctx.db, invitation.contactKey);
  // An open Q study with a participant, so the sort form is reached with a real token.
  const studyId = await createStudy(t.ctx.db, {
    title: 'Fuzz',
    languages: ['nb'],
    instructions: { nb: 'Sorter.' },
    statements: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: { nb: `Utsagn ${id}` } })),
    grid: [
      { position: -1, count: 1 },
      { position: 0, count: 2 },
      { position: 1, count: 1 },
    ],
    postsortQuestions: [{ id: 'why', text: { nb: 'Hvorfor?' } }],
    studyCode: 'FUZZ-2026',
  });
  await setStudyStatus(t.ctx.db, studyId, 'open');
  sortToken = (await joinByStudyCode(t.ctx.db, 'FUZZ-2026'))!.token;
});
afterAll(async () => t?.close());

/** The request counters of the rate limits (src/web/rate-limit.tsx) count refused requests too, by design: not data. */
const BOOKKEEPING = new Set(['rate_limit', 'fuzz_row_change']);
let watching: Promise<void> | undefined;
/**
 * Rows inserted and deleted so far, per table of the schema but the rate limits' counters. A
 * row-level trigger on every table counts them into `fuzz_row_change` (this file's database only),
 * so the check after each of some thousands of requests is one small query, not a count of every
 * table. Stricter than comparing row counts: a row inserted and another deleted still shows.
 */
async function rowCounts(): Promise<Record<string, number>> {
  watching ??= (async () => {
    const tables = (
      await sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(t.ctx.db)
    ).rows
      .map((r) => r.name)
      .filter((name) => !BOOKKEEPING.has(name));
    await sql`create table fuzz_row_change (name text primary key, n int not null)`.execute(t.ctx.db);
    await sql`create function fuzz_count_row() returns trigger language plpgsql as $$
      begin
        insert into fuzz_row_change values (TG_TABLE_NAME, 1) on conflict (name) do update set n = fuzz_row_change.n + 1;
        return null;
      end $$`.execute(t.ctx.db);
    for (const name of tables)
      await sql`create trigger fuzz_count_row after insert or delete on ${sql.table(name)} for each row execute function fuzz_count_row()`.execute(
        t.ctx.db,
      );
  })();
  await watching;
  const rows = await sql<{ name: string; n: number }>`select name, n from fuzz_row_change`.execute(t.ctx.db);
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.n]));
}

describe('fuzz over every route', () => {
  it('never answers 5xx, names the field it refuses, and changes nothing when it refuses', async () => {
    const routes = routesOf(t.app.printRoutes({ commonPrefix: false }));
    // A route list that came out empty or short would make this test pass for nothing.
    expect(routes.length).toBeGreaterThan(80);
    expect(routes).toContainEqual({ method: 'POST', url: '/api/v1/meetings' });
    expect(routes).toContainEqual({ method: 'POST', url: '/s/:token' });

    const identities: Record<string, Record<string, string>> = {
      anonymous: {},
      'API key': { authorization: `Bearer ${t.apiKey}` },
      counselor: { cookie: `bs_session=${(await sessionOf(t, 'v1')).bs_session}` },
      leader: { cookie: `bs_session=${(await sessionOf(t, 'l1')).bs_session}` },
      'county analyst': { cookie: `bs_session=${(await sessionOf(t, 'ca1')).bs_session}` },
      administrator: { cookie: `bs_session=${(await sessionOf(t, 'adm')).bs_session}` },
    };
    const plausible = (url: string) => (param: string) =>
      param === 'token'
        ? url.startsWith('/optout')
          ? optOutToken
          : url.startsWith('/q/')
            ? sortToken
            : surveyToken
        : url.includes('/units/')
          ? 't1'
          : url.includes('employees')
            ? 'v2'
            : param === 'employeeId'
              ? 'v2'
              : '1';

    const random = seeded(11);
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    let requests = 0;
    let refused = 0;
    let before = await rowCounts();
    for (const route of routes) {
      for (const [who, headers] of Object.entries(identities)) {
        for (const c of casesFor(route, random, plausible(route.url))) {
          const res = await t.app.inject({
            method: route.method as 'GET',
            url: c.url,
            headers: { ...headers, ...c.headers },
            payload: c.payload,
          });
          requests++;
          byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
          const label = `${route.method} ${route.url} as ${who}, ${c.name}: ${res.statusCode}`;
          if (res.statusCode >= 500) failures.push(`${label} ${res.body.slice(0, 200)}`);
          if (res.statusCode < 400) {
            before = await rowCounts();
            continue;
          }
          refused++;
          const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
          if (isJson && (res.statusCode === 400 || res.statusCode === 422) && !c.bodyLevel) {
            const body = res.json() as { fields?: Array<{ field: string }>; code?: string };
            // Fastify's own refusals (unsupported content type, unparsable form) concern the whole body.
            if (!body.code?.startsWith('FST_') && !(body.fields && body.fields.length > 0))
              failures.push(`${label} names no field: ${res.body.slice(0, 200)}`);
          }
          const after = await rowCounts();
          for (const [table, n] of Object.entries(after))
            if (before[table] !== n) failures.push(`${label} changed ${table}: ${n - (before[table] ?? 0)} rows inserted or deleted`);
          before = after;
        }
      }
    }
    const summary = [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    console.info(`fuzz: ${routes.length} routes, ${requests} requests, ${refused} refused (${summary})`);
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(requests / 2);
  }, 300_000);

  it('refuses control characters field by field in valid requests, naming that field, and writes nothing', async () => {
    const admin = { cookie: `bs_session=${(await sessionOf(t, 'adm')).bs_session}` };
    const leader = { cookie: `bs_session=${(await sessionOf(t, 'l1')).bs_session}` };
    const counselor = { cookie: `bs_session=${(await sessionOf(t, 'v1')).bs_session}` };
    const apiKey = { authorization: `Bearer ${t.apiKey}` };
    const event = { ...meetingEvent({ external_id: 'fuzz-field' }), mobile: '91234567' };
    const requests: Array<{
      method: 'POST' | 'PUT';
      url: string;
      headers: Record<string, string>;
      body: Record<string, unknown>;
      at: (field: string) => string;
      form?: boolean;
    }> = [
      { method: 'POST', url: '/api/v1/meetings', headers: apiKey, body: event, at: (f) => f },
      { method: 'POST', url: '/api/v1/meetings:batch', headers: apiKey, body: event, at: (f) => `meetings.0.${f}` },
      {
        method: 'PUT',
        url: '/api/v1/org',
        headers: apiKey,
        body: { id: 'o7', kind: 'office', name: 'NAV Fuzz', parent_id: 'c1' },
        at: (f) => `units.0.${f}`,
      },
      {
        method: 'PUT',
        url: '/api/v1/org',
        headers: apiKey,
        body: { id: 'v70', name: 'Fuzz Rådgiver', unit_id: 't1', role: 'counselor', email: 'f@example.no' },
        at: (f) => `employees.0.${f}`,
      },
      {
        method: 'POST',
        url: '/api/v1/admin/roles',
        headers: admin,
        body: { employee_id: 'l1', role: 'leader', unit_id: 'o1' },
        at: (f) => f,
      },
      {
        method: 'POST',
        url: '/api/v1/local-questions',
        headers: leader,
        body: { owner_unit_id: 'o1', text_nb: 'Kontoret var lett å finne.', start_month: '2026-04', end_month: '2026-06' },
        at: (f) => f,
      },
      { method: 'POST', url: '/me/sharing/groups', headers: counselor, body: { name: 'Kollegaveiledning' }, at: (f) => f, form: true },
      { method: 'POST', url: '/login', headers: {}, body: { employee_id: 'v1' }, at: (f) => f, form: true },
    ];
    const wrap = (url: string, field: string, body: Record<string, unknown>) =>
      url === '/api/v1/meetings:batch'
        ? { meetings: [body] }
        : url === '/api/v1/org'
          ? field.startsWith('units')
            ? { units: [body] }
            : { employees: [body] }
          : body;
    const random = seeded(29);
    let checked = 0;
    const failures: string[] = [];
    const before = await rowCounts();
    for (const r of requests) {
      for (const [field, value] of Object.entries(r.body)) {
        if (typeof value !== 'string') continue;
        const bad = { ...r.body, [field]: `${value}${CONTROL_TEXTS[Math.floor(random() * CONTROL_TEXTS.length)]}` };
        const payload = wrap(r.url, r.at(field), bad);
        const res = await t.app.inject({
          method: r.method,
          url: r.url,
          headers: { ...r.headers, 'content-type': r.form ? 'application/x-www-form-urlencoded' : 'application/json' },
          payload: r.form ? new URLSearchParams(payload as Record<string, string>).toString() : JSON.stringify(payload),
        });
        checked++;
        const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
        // The API answers with the field in JSON (400, or 422 where a route reports all input problems so);
        // a page lists "field: message" in its error summary.
        const refused = res.statusCode === 400 || res.statusCode === 422;
        const named =
          refused &&
          (isJson
            ? (res.json() as { fields: Array<{ field: string }> }).fields.some((f) => f.field === r.at(field))
            : res.body.includes(`${r.at(field)}: `));
        if (!named) failures.push(`${r.method} ${r.url} with control characters in ${field}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    console.info(`fuzz field by field: ${checked} requests, each refused with 400/422 naming its field`);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(20);
    expect(await rowCounts()).toEqual(before);
  });

  it("keeps a Q participant's postsort answer, cleaned of control characters", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/q/${sortToken}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ action: 'save', 'post-0': 'Fordi\u0000 de\u0007 betyr mest.\nOg\tmer.' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const participant = await participantForToken(t.ctx.db, sortToken);
    expect((await loadSortProgress(t.ctx.db, participant!.participantId))?.postsort).toEqual({ why: 'Fordi de betyr mest.\nOg\tmer.' });
  });
});
