import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { registerStaffCommands } from '../../src/staff/cli.ts';
import { TABLE_COLUMNS } from '../../src/staff/csv.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { blockAnswers, seed000Answers } from './helpers.ts';

let t: TestApp;

beforeAll(async () => {
  t = await testApp();
  await applyOrg(
    t.ctx.db,
    orgInputSchema.parse({
      employees: [
        { id: 'a1', name: 'Fylkes Analytiker', unit_id: 'c1', role: 'staff' },
        { id: 'a2', name: 'Nasjonal Analytiker', unit_id: 'c1', role: 'staff' },
        { id: 'ad', name: 'Adam Admin', unit_id: 'c1', role: 'staff' },
      ],
    }),
    new Date('2026-03-10T10:00:00Z'),
  );
  await grantRole(t.ctx.db, 'a1', 'county_analyst', 'c1');
  await grantRole(t.ctx.db, 'a2', 'national_analyst', null);
  await grantRole(t.ctx.db, 'ad', 'administrator', null);
});
afterAll(async () => t?.close());

const cookies = new Map<string, string>();
async function cookieOf(employeeId: string): Promise<string> {
  if (!cookies.has(employeeId)) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'sec-fetch-site': 'same-origin' },
      payload: { employee_id: employeeId },
    });
    expect(res.statusCode).toBe(303);
    cookies.set(employeeId, `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`);
  }
  return cookies.get(employeeId)!;
}

/** A form POST as the browser sends it (repeated names for the checkboxes). */
async function post(employeeId: string, url: string, fields: Record<string, string | string[] | undefined>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: await cookieOf(employeeId), 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

/** The page without the hidden fields that carry the analyst's own pasted answers to the next step. */
const shown = (html: string) => html.replace(/<input type="hidden"[^>]*>/g, '');

/** Runs `brukerstemme staff analyze` on the text and returns TABLE.csv and what it printed to stderr. */
async function cli(csv: string, group: string, extra: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'staff-web-'));
  writeFileSync(join(dir, 'answers.csv'), csv);
  const program = new Command().exitOverride();
  registerStaffCommands(program);
  const log = console.log;
  const error = console.error;
  console.log = () => {};
  console.error = () => {};
  try {
    await program.parseAsync(['staff', 'analyze', join(dir, 'answers.csv'), '--group', group, '--out', join(dir, 'table.csv'), ...extra], {
      from: 'user',
    });
  } finally {
    console.log = log;
    console.error = error;
  }
  return readFileSync(join(dir, 'table.csv'), 'utf8');
}

describe('who may use /analysis/staff', () => {
  it('county and national analysts may; counselors, leaders and administrators get 403; no session goes to the login', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/analysis/staff?lang=en' });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/login?lang=en');
    for (const [who, status] of [
      ['v1', 403],
      ['l1', 403],
      ['ad', 403],
      ['a1', 200],
      ['a2', 200],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: '/analysis/staff?lang=en', headers: { cookie: await cookieOf(who) } });
      expect(res.statusCode, who).toBe(status);
      expect(res.headers['cache-control']).toBe('no-store');
      if (status === 403) expect(res.body).toContain('for county and national analysts');
      else expect(res.body).toMatch(/<h1[^>]*>Staff surveys<\/h1>/);
    }
    const { csv } = seed000Answers();
    for (const url of ['/analysis/staff', '/analysis/staff/results', '/analysis/staff/table.csv', '/analysis/staff/factors.csv']) {
      for (const who of ['v1', 'l1', 'ad'])
        expect((await post(who, url, { csv, group: 'role', items: ['item1'] })).statusCode, `${who} ${url}`).toBe(403);
      const anonymous = await t.app.inject({ method: 'POST', url, headers: { 'sec-fetch-site': 'same-origin' }, payload: { csv } });
      expect(anonymous.statusCode).toBe(401);
    }
  });

  it('the reports page links the analyses each role may open', async () => {
    const links = async (who: string) => {
      const res = await t.app.inject({ method: 'GET', url: '/reports?lang=en', headers: { cookie: await cookieOf(who) } });
      return [...res.body.matchAll(/href="(\/analysis\/[a-z]+)\?lang=en"/g)].map((m) => m[1]);
    };
    expect(await links('a1')).toEqual(['/analysis/fair', '/analysis/staff']);
    expect(await links('a2')).toEqual(['/analysis/fair', '/analysis/staff']);
    expect(await links('l1')).toEqual(['/analysis/fair']);
    expect(await links('ad')).toEqual(['/analysis/fair']);
    expect(await links('v1')).toEqual([]);
  });

  it('the page says that small groups are not shown and that nothing is stored, in three languages', async () => {
    for (const [lang, text] of [
      ['nb', 'Grupper med færre enn 5 respondenter vises aldri'],
      ['nn', 'Grupper med færre enn 5 respondentar blir aldri viste'],
      ['en', 'Groups with fewer than 5 respondents are never shown'],
    ]) {
      const res = await t.app.inject({ method: 'GET', url: `/analysis/staff?lang=${lang}`, headers: { cookie: await cookieOf('a1') } });
      expect(res.body).toContain(text);
      expect(res.body).toContain(`lang="${lang}"`);
    }
  });
});

describe('paste → choose → results', () => {
  it('reads the header and guesses the group (first background column) and the items (the 1–5 columns)', async () => {
    const res = await post('a1', '/analysis/staff?lang=en', { csv: blockAnswers() });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('300 respondents and 13 columns were read.');
    expect(res.body).toMatch(/<option value="unit" selected="">unit<\/option>/);
    expect(res.body).toMatch(
      /name="items" value="malekort1" checked=""|value="malekort1" checked=""[^>]*name="items"|checked=""[^>]*value="malekort1"/,
    );
    // The block offers only the 1–5 columns.
    expect(res.body).not.toMatch(/name="block"[^>]*value="role"/);
  });

  it('refuses bad CSV with 400 and names the problem: empty, not a table, a bad answer with its line and column, an unknown column', async () => {
    const empty = await post('a1', '/analysis/staff?lang=en', { csv: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Paste the answers (ANSWERS.csv) into the field.');
    expect(empty.body).toContain('href="#csv"');

    const ragged = await post('a1', '/analysis/staff?lang=en', { csv: 'role,q1\nveileder,3\nleder,4,5\n' });
    expect(ragged.statusCode).toBe(400);
    expect(ragged.body).toContain('The answers are not a valid CSV table, line 3');

    const csv = 'role,q1,q2\nveileder,3,4\nveileder,4,7\nleder,2,2\n';
    const bad = await post('a1', '/analysis/staff/results?lang=en', { csv, group: 'role', items: ['q1', 'q2'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Line 3, column «q2»: answers must be 1–5 or empty, found «7».');
    expect(bad.body).toContain('href="#items-0"');
    const nb = await post('a1', '/analysis/staff/results?lang=nb', { csv, group: 'role', items: ['q1', 'q2'] });
    expect(nb.body).toContain('Linje 3, kolonne «q2»: svar må være 1–5 eller tomt, fant «7».');

    const unknown = await post('a1', '/analysis/staff/results?lang=en', { csv, group: 'rolle', items: ['q1'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('There is no column «rolle». Columns: role, q1, q2.');

    const noItems = await post('a1', '/analysis/staff/results?lang=en', { csv, group: 'role' });
    expect(noItems.body).toContain('Tick at least one item for the table.');

    const download = await post('a1', '/analysis/staff/table.csv?lang=en', { csv, group: 'role', items: ['q1', 'q2'] });
    expect(download.statusCode).toBe(400);
    expect(download.json().fields).toEqual([
      { field: 'items', message: 'Line 3, column «q2»: answers must be 1–5 or empty, found «7». If the column is background, untick it.' },
    ]);
  });

  it('seed 000: the page shows the table with markers, and the download is byte for byte the command line’s TABLE.csv', async () => {
    const { csv, items } = seed000Answers();
    const page = await post('a2', '/analysis/staff/results?lang=en', { csv, group: 'role', items });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('481 respondents and 14 items, groups by the column «role». Reference group: counselors.');
    expect(page.body).toContain('counselors (reference)');
    expect(page.body).toContain('<caption class="aksel-sr-only">Share answering 4 or 5');
    expect(page.body).toContain('scope="colgroup"');
    expect(page.body).toContain('* p &lt; 0.10, ** p &lt; 0.05');
    // Item 1: 216/432 counselors, 33/47 leaders, p ≈ 0.0101 → **.
    expect(page.body).toMatch(/<th[^>]*scope="row"[^>]*>item1<\/th><td[^>]*>432<\/td><td[^>]*>50\.0%<\/td>/);
    // Leaders: n, share, the difference from counselors' 50.0 % in points (not a "predicted" share that repeats the share), p, marker.
    expect(page.body).toMatch(/>47<\/td><td[^>]*>70\.2%<\/td><td[^>]*>\+20\.2<\/td><td[^>]*>0\.010<\/td><td[^>]*>\*\*<\/td>/);
    expect(page.body).toContain('Difference from counselors (percentage points)');
    expect(page.body).toContain('<code>brukerstemme staff analyze ANSWERS.csv --group role --out TABLE.csv</code>');

    const web = await post('a2', '/analysis/staff/table.csv', { csv, group: 'role', items });
    expect(web.statusCode).toBe(200);
    expect(web.headers['content-type']).toMatch(/^text\/csv/);
    expect(web.headers['content-disposition']).toBe('attachment; filename="TABLE.csv"');
    expect(web.headers['cache-control']).toBe('no-store');
    const fromCli = await cli(csv, 'role');
    expect(web.body).toBe(fromCli);
    const table: Record<string, string>[] = parse(web.body, { columns: true });
    expect(Object.keys(table[0])).toEqual([...TABLE_COLUMNS]);
    expect(table.filter((r) => r.group === 'leaders').map((r) => r.marker)).toEqual([
      '**',
      '**',
      '',
      '',
      '',
      '',
      '*',
      '**',
      '',
      '',
      '',
      '',
      '',
      '*',
    ]);
  });

  it('offers an example file to download or fill in, which gives back the shares and markers of the report’s table 1', async () => {
    const download = await t.app.inject({ method: 'GET', url: '/analysis/staff/example.csv', headers: { cookie: await cookieOf('a1') } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe('attachment; filename="ANSWERS.csv"');
    const csv = download.body;
    expect(csv.split('\r\n')[0]).toBe('rolle,p01,p02,p03,p04,p05,p06,p07,p08,p09,p10,p11,p12,p13,p14');
    const filled = await t.app.inject({
      method: 'GET',
      url: '/analysis/staff?example=1&lang=nb',
      headers: { cookie: await cookieOf('a1') },
    });
    expect(filled.body).toContain('rolle,p01,p02');
    const plain = await t.app.inject({ method: 'GET', url: '/analysis/staff?lang=nb', headers: { cookie: await cookieOf('a1') } });
    expect(plain.body).not.toContain('rolle,p01,p02');
    expect(plain.body).toContain('href="/analysis/staff/example.csv"');
    expect(plain.body).not.toContain('`');
    const counselor = await t.app.inject({ method: 'GET', url: '/analysis/staff/example.csv', headers: { cookie: await cookieOf('ad') } });
    expect(counselor.statusCode).toBe(403);

    const items = Array.from({ length: 14 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
    const table: Record<string, string>[] = parse(await cli(csv, 'rolle'), { columns: true });
    const published: Record<string, string>[] = parse(
      readFileSync(new URL('../../reference/staff/staff-attitudes-seed000-tabell1.csv', import.meta.url), 'utf8'),
      { columns: true, comment: '#' },
    );
    items.forEach((item, i) => {
      const row = (group: string) => table.find((r) => r.item === item && r.group === group)!;
      expect(Math.round(100 * Number(row('veileder').share_positive))).toBe(Number(published[i].pct_counselors));
      expect(Math.round(100 * Number(row('leder').share_positive))).toBe(Number(published[i].pct_leaders));
    });
    expect(table.filter((r) => r.group === 'leder').map((r) => r.marker)).toEqual(published.map((p) => p.stars));
  });

  it('never shows a group under MIN_ANSWERS: left out of page and download (as in the command line), an item answered by too few is blank', async () => {
    const rows = ['role,q1,q2'];
    for (let i = 0; i < 12; i++) rows.push(`veileder,${i % 3 === 0 ? 2 : 4},${i % 2 ? 5 : 3}`);
    for (let i = 0; i < 7; i++) rows.push(`leder,${i < 6 ? 5 : 1},${i < 4 ? 4 : ''}`);
    for (let i = 0; i < 3; i++) rows.push(`hemmelig,5,1`);
    const csv = rows.join('\n') + '\n';
    const page = await post('a1', '/analysis/staff/results?lang=en', { csv, group: 'role', items: ['q1', 'q2'] });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('hemmelig'); // only in the hidden field that carries the pasted answers
    expect(shown(page.body)).not.toContain('hemmelig');
    expect(page.body).toContain('1 group(s) with fewer than 5 respondents are not shown');
    expect(page.body).toContain('under 5');
    const web = await post('a1', '/analysis/staff/table.csv', { csv, group: 'role', items: ['q1', 'q2'] });
    expect(web.body).not.toContain('hemmelig');
    expect(web.body).toBe(await cli(csv, 'role'));
    const table: Record<string, string>[] = parse(web.body, { columns: true });
    expect(table.map((r) => `${r.item}/${r.group}`)).toEqual(['q1/veileder', 'q1/leder', 'q2/veileder', 'q2/leder']);
    expect(table[3]).toMatchObject({ n: '4', share_positive: '', predicted: '', p_value: '', marker: '' });

    // With only one group left, there is no comparison; the page says which column and why.
    const tooFew = await post('a1', '/analysis/staff/results?lang=en', {
      csv: rows.slice(0, 13).concat(rows.slice(20)).join('\n'),
      group: 'role',
      items: ['q1'],
    });
    expect(tooFew.statusCode).toBe(400);
    expect(tooFew.body).toContain('The column «role» has 1 group(s) with at least 5 respondents; the comparison needs at least 2.');
  });

  it('compares with a reference group the analyst picks, like --reference; refuses one that is not shown, naming the field', async () => {
    const rows = ['role,q1,q2'];
    for (let i = 0; i < 20; i++) rows.push(`veileder,${i % 3 === 0 ? 2 : 4},${i % 2 ? 5 : 3}`);
    for (let i = 0; i < 9; i++) rows.push(`leder,${i < 7 ? 5 : 1},${i < 5 ? 4 : 2}`);
    for (let i = 0; i < 8; i++) rows.push(`stab,${i < 2 ? 5 : 2},${i < 3 ? 4 : 1}`);
    for (let i = 0; i < 3; i++) rows.push(`hemmelig,5,1`);
    const csv = rows.join('\n') + '\n';
    const fields = { csv, group: 'role', items: ['q1', 'q2'] };
    const largest = await post('a1', '/analysis/staff/results?lang=en', fields);
    expect(largest.body).toContain('name="reference"');
    expect(largest.body).toContain('veileder (reference)');
    const page = await post('a1', '/analysis/staff/results?lang=en', { ...fields, reference: 'leder' });
    expect(page.statusCode).toBe(200);
    expect(shown(page.body)).toContain('leder (reference)');
    const web = await post('a1', '/analysis/staff/table.csv', { ...fields, reference: 'leder' });
    expect(web.body).toBe(await cli(csv, 'role', ['--reference', 'leder']));
    expect(web.body).not.toBe(await cli(csv, 'role'));
    // A group under MIN_ANSWERS cannot be named as the reference: the page would confirm it exists.
    const refused = await post('a1', '/analysis/staff/results?lang=en', { ...fields, reference: 'hemmelig' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('is not one of the groups shown (veileder, leder, stab)');
    expect((await post('a1', '/analysis/staff/table.csv', { ...fields, reference: 'hemmelig' })).json().fields[0].field).toBe('reference');
  });

  it('factor analysis of a block: loadings, communalities, explained variance, alpha, and the CSV download', async () => {
    const csv = blockAnswers();
    const items = [...Array.from({ length: 8 }, (_, i) => `malekort${i + 1}`), 'fokus1', 'fokus2', 'fokus3'];
    const fields = { csv, group: 'role', items, block: items, factors: '2' };
    const page = await post('a2', '/analysis/staff/results?lang=en', fields);
    expect(page.statusCode).toBe(200);
    for (const text of [
      'Factor analysis of the block',
      'Loadings after varimax rotation',
      'Communality (h²)',
      'Sum of squared loadings',
      'Cumulative share',
      'Whole block (11 items)',
      'Factor 2: fokus1, fokus2, fokus3',
    ]) {
      expect(page.body).toContain(text);
    }
    expect(shown(page.body)).not.toContain('direktør');
    const download = await post('a2', '/analysis/staff/factors.csv', fields);
    expect(download.statusCode).toBe(200);
    const rows = parse(download.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['row', 'item', 'factor_1', 'factor_2', 'communality', 'block']);
    expect(rows.filter((r) => r.row === 'loading').map((r) => r.item)).toEqual(items);
    rows.slice(0, 8).forEach((r) => expect(Number(r.factor_1)).toBeGreaterThan(0.6));
    rows.slice(8, 11).forEach((r) => expect(Number(r.factor_2)).toBeGreaterThan(0.5));
    expect(Number(rows.find((r) => r.row === 'alpha_raw')!.factor_1)).toBeGreaterThan(0.9);
    expect(rows.find((r) => r.row === 'alpha_items')).toMatchObject({ factor_1: '8', factor_2: '3', block: '11' });

    const badBlock = await post('a2', '/analysis/staff/results?lang=en', { ...fields, block: ['fokus1', 'fokus2'] });
    expect(badBlock.statusCode).toBe(400);
    expect(badBlock.body).toContain('Tick at least 3 items for the factor analysis, or none.');
    const badFactors = await post('a2', '/analysis/staff/results?lang=en', { ...fields, factors: '11' });
    expect(badFactors.body).toContain('The number of factors must be a whole number from 1 to 10.');
    const noBlock = await post('a2', '/analysis/staff/factors.csv', { ...fields, block: undefined });
    expect(noBlock.statusCode).toBe(422);
  });

  it('“change the choices” brings back the choices page with the earlier choices ticked', async () => {
    const csv = blockAnswers();
    const res = await post('a2', '/analysis/staff?lang=en', {
      csv,
      group: 'role',
      items: ['malekort1', 'fokus1'],
      block: ['fokus1', 'fokus2', 'fokus3'],
      factors: '1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<option value="role" selected="">role<\/option>/);
    expect(res.body).toMatch(/id="factors"[^>]*value="1"|value="1"[^>]*id="factors"/);
  });
});
