import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { compareGroupsByItem, type GroupComparisonRow } from '../../src/staff/analysis.ts';
import { registerStaffCommands } from '../../src/staff/cli.ts';
import { parseAnswersCsv, TABLE_COLUMNS } from '../../src/staff/csv.ts';
import { formatPValue, waldPValue } from '../../src/staff/pvalue.ts';
import { staffTable } from '../../src/staff/table.ts';
import { testApp, type TestApp } from '../support/app.ts';

/**
 * Issue #12: a group at 0 % or 100 % on an item used to drop the whole item, and p below ~1e-16 came out as 0.
 * Reference values: `Rscript reference/staff/make-separation-references.R` (glm binomial without the separated
 * groups, Wald z), committed with the two ANSWERS.csv files it wrote.
 */
const dir = new URL('../../reference/staff/', import.meta.url);
const answers = {
  separation: readFileSync(new URL('separation-answers.csv', dir), 'utf8'),
  'tiny-p': readFileSync(new URL('tiny-p-answers.csv', dir), 'utf8'),
};
interface RRow {
  dataset: keyof typeof answers;
  item: string;
  group: string;
  n: string;
  positives: string;
  share_positive: string;
  status: string;
  log_odds_ratio: string;
  se: string;
  z: string;
  p_value: string;
}
const reference: RRow[] = parse(
  readFileSync(new URL('separation-references.csv', dir), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n'),
  { columns: true },
);

function analyse(dataset: keyof typeof answers): GroupComparisonRow[] {
  const parsed = parseAnswersCsv(answers[dataset], 'role');
  return compareGroupsByItem(parsed.respondents, parsed.items);
}
const rowOf = (rows: GroupComparisonRow[], item: string, group: string) => rows.find((r) => r.item === item && r.group === group)!;

describe('separation: the other groups keep their tests, equal to R', () => {
  for (const dataset of ['separation', 'tiny-p'] as const) {
    it(`${dataset}: every row's status, share, log odds ratio, SE and p as R's glm (within 1e-6, p also relatively)`, () => {
      const rows = analyse(dataset);
      const expected = reference.filter((r) => r.dataset === dataset);
      expect(rows).toHaveLength(expected.length);
      for (const ref of expected) {
        const row = rowOf(rows, ref.item, ref.group);
        const where = `${dataset} ${ref.item} ${ref.group}`;
        expect(row.status, where).toBe(ref.status);
        expect(row.n, where).toBe(Number(ref.n));
        expect(row.sharePositive, where).toBeCloseTo(Number(ref.share_positive), 12);
        // The saturated model's fitted proportion is the share; for a separated group its limit, 0 or 1.
        expect(row.predicted, where).toBeCloseTo(Number(ref.share_positive), 9);
        if (ref.status === 'tested') {
          expect(Math.abs(row.logOddsRatio! - Number(ref.log_odds_ratio)), where).toBeLessThan(1e-6);
          expect(Math.abs(row.se! - Number(ref.se)), where).toBeLessThan(1e-6);
          expect(Math.abs(row.pValue! - Number(ref.p_value)), where).toBeLessThan(1e-6);
          // Relatively too: 1e-4, since R's glm takes its SE from the last IRLS step's weights (1e-9 off the exact
          // √Σ1/count here, which ours matches), and at z ≈ 28.7 that moves a p of 4.7e-181 by 6e-6 relatively.
          expect(Math.abs(row.pValue! / Number(ref.p_value) - 1), where).toBeLessThan(1e-4);
          const positives = (g: string) => Number(expected.find((r) => r.item === ref.item && r.group === g)!.positives);
          const negatives = (g: string) => Number(expected.find((r) => r.item === ref.item && r.group === g)!.n) - positives(g);
          const base = expected.find((r) => r.item === ref.item && r.status === 'reference')!.group;
          const exactSe = Math.sqrt([ref.group, base].reduce((sum, g) => sum + 1 / positives(g) + 1 / negatives(g), 0));
          expect(Math.abs(row.se! - exactSe), where).toBeLessThan(1e-12);
        } else {
          expect(row, where).toMatchObject({ pValue: null, logOddsRatio: null, se: null, marker: '' });
        }
        if (ref.status === 'not testable') expect(row.note, where).toMatch(/^not testable: /);
      }
    });
  }
  it('q1: koordinator at 100 % is not testable, and leder vs veileder keeps p ≈ 0.0028 (**), as in the check of issue #12', () => {
    const rows = analyse('separation');
    expect(rowOf(rows, 'q1', 'koordinator')).toMatchObject({ status: 'not testable', sharePositive: 1, pValue: null });
    expect(rowOf(rows, 'q1', 'koordinator').note).toContain('everyone in "koordinator" answered 4 or 5 (12 of 12)');
    expect(rowOf(rows, 'q1', 'leder')).toMatchObject({ status: 'tested', marker: '**' });
    expect(rowOf(rows, 'q2', 'leder').note).toContain('no one in "leder" answered 4 or 5 (0 of 25)');
    expect(rowOf(rows, 'q2', 'koordinator')).toMatchObject({ status: 'tested', marker: '**' });
    // The reference group at 100 %: nothing can be compared with it.
    expect(rowOf(rows, 'q3', 'leder').note).toContain('everyone in "veileder" answered 4 or 5 (60 of 60)');
  });
});

describe('tiny p', () => {
  it('is computed, not 0: p ≈ 4.7e-181 for z ≈ 28.7 (R: 2 * pnorm(-28.692616641143481))', () => {
    const rows = analyse('tiny-p');
    expect(rowOf(rows, 't1', 'leder').pValue).toBeGreaterThan(0);
    expect(Math.abs(waldPValue(28.692616641143481) / 4.716819720579742e-181 - 1)).toBeLessThan(1e-9);
    // Values from R's 2 * pnorm(-z); the old computation gave 0 from z ≈ 8.3 on.
    for (const [z, p] of [
      [1.96, 4.999579029644086e-2],
      [5, 5.733031437583878e-7],
      [8.5, 1.895906964440664e-17],
      [20, 5.507248237212467e-89],
      [37, 1.145114244504915e-299],
    ]) {
      expect(Math.abs(waldPValue(z) / p - 1), `z = ${z}`).toBeLessThan(1e-9);
      expect(waldPValue(-z)).toBe(waldPValue(z));
    }
  });
  it('prints as "< 1e-15" below 1e-15, in scientific notation below 0.001, else with three decimals', () => {
    expect(formatPValue(4.7e-181)).toBe('< 1e-15');
    expect(formatPValue(0)).toBe('< 1e-15');
    expect(formatPValue(9.99e-16)).toBe('< 1e-15');
    expect(formatPValue(1e-15)).toBe('1.0e-15');
    expect(formatPValue(1.2727971316535357e-5)).toBe('1.3e-5');
    expect(formatPValue(9.96e-4)).toBe('1.0e-3');
    expect(formatPValue(0.14666748456776363)).toBe('0.147');
    expect(formatPValue(1.2727971316535357e-5, (v, d) => v.toFixed(d).replace('.', ','))).toBe('1,3e-5');
  });
});

/** Runs `brukerstemme staff analyze` and returns TABLE.csv and what it printed to stderr. */
async function cli(csv: string): Promise<{ table: string; stderr: string }> {
  const work = mkdtempSync(join(tmpdir(), 'staff-sep-'));
  writeFileSync(join(work, 'answers.csv'), csv);
  const program = new Command().exitOverride();
  registerStaffCommands(program);
  const log = console.log;
  const error = console.error;
  const stderr: string[] = [];
  console.log = () => {};
  console.error = (...args: unknown[]) => stderr.push(args.join(' '));
  try {
    await program.parseAsync(['staff', 'analyze', join(work, 'answers.csv'), '--group', 'role', '--out', join(work, 'table.csv')], {
      from: 'user',
    });
  } finally {
    console.log = log;
    console.error = error;
  }
  return { table: readFileSync(join(work, 'table.csv'), 'utf8'), stderr: stderr.join('\n') };
}

describe('TABLE.csv and the command line', () => {
  it('keeps the seven columns and adds status; a separated group is "not testable" with its share and no p', async () => {
    const { table, stderr } = await cli(answers.separation);
    expect(table).toBe(staffTable({ csv: answers.separation, group: 'role', minAnswers: 5 }).csv);
    expect(table.split('\n')[0]).toBe('item,group,n,share_positive,predicted,p_value,marker,status');
    const rows: Record<string, string>[] = parse(table, { columns: true });
    expect(Object.keys(rows[0])).toEqual([...TABLE_COLUMNS]);
    const find = (item: string, group: string) => rows.find((r) => r.item === item && r.group === group)!;
    expect(find('q1', 'koordinator')).toEqual({
      item: 'q1',
      group: 'koordinator',
      n: '12',
      share_positive: '1',
      predicted: '1',
      p_value: '',
      marker: '',
      status: 'not testable',
    });
    expect(find('q1', 'veileder').status).toBe('reference');
    expect(find('q1', 'leder')).toMatchObject({ status: 'tested', marker: '**' });
    expect(Number(find('q1', 'leder').p_value)).toBeCloseTo(0.0028334216328172626, 7);
    expect(find('q2', 'leder')).toMatchObject({ share_positive: '0', p_value: '', status: 'not testable' });
    expect(rows.filter((r) => r.item === 'q3' && r.status === 'not testable').map((r) => r.group)).toEqual(['leder', 'koordinator']);
    expect(stderr).toContain('item q1, group koordinator: not testable (everyone in "koordinator" answered 4 or 5 (12 of 12)');
    expect(stderr).toContain('item q2, group leder: not testable (no one in "leder" answered 4 or 5 (0 of 25)');
    expect(stderr).not.toMatch(/item q1, group leder/);
  });
  it('writes a tiny p as the number itself (R reads it), never as text or 0; the command line says how many are below 1e-15', async () => {
    const { table, stderr } = await cli(answers['tiny-p']);
    const rows: Record<string, string>[] = parse(table, { columns: true });
    const t1 = rows.find((r) => r.item === 't1' && r.group === 'leder')!;
    expect(t1.p_value).toMatch(/^4\.716\d+e-181$/);
    expect(Math.abs(Number(t1.p_value) / 4.716819720579742e-181 - 1)).toBeLessThan(1e-4);
    expect(rows.find((r) => r.item === 't2' && r.group === 'leder')!.p_value).toBe('0.000012728');
    expect(stderr).toMatch(/^1 p-value\(s\) < 1e-15 \(written as numbers in p_value, e\.g\. item t1, group leder: 4\.716\d+e-181\)$/m);
  });
});

describe('the web page', () => {
  let t: TestApp;
  let cookie = '';
  beforeAll(async () => {
    t = await testApp();
    await applyOrg(
      t.ctx.db,
      orgInputSchema.parse({ employees: [{ id: 'a1', name: 'Fylkes Analytiker', unit_id: 'c1', role: 'staff' }] }),
      new Date('2026-03-10T10:00:00Z'),
    );
    await grantRole(t.ctx.db, 'a1', 'county_analyst', 'c1');
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'sec-fetch-site': 'same-origin' },
      payload: { employee_id: 'a1' },
    });
    cookie = `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`;
  });
  afterAll(async () => t?.close());

  async function page(lang: string, dataset: keyof typeof answers): Promise<string> {
    const parsed = parseAnswersCsv(answers[dataset], 'role');
    const body = new URLSearchParams({ csv: answers[dataset], group: 'role' });
    for (const item of parsed.items) body.append('items', item);
    const res = await t.app.inject({
      method: 'POST',
      url: `/analysis/staff/results?lang=${lang}`,
      headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(res.statusCode).toBe(200);
    return res.body;
  }
  /** The cells of an item's row in the staff table, as text. */
  const cells = (html: string, item: string) => {
    const table = html.slice(html.indexOf('id="staff-table"'));
    const row = table.match(new RegExp(`<tr[^>]*><th[^>]*scope="row"[^>]*>${item}</th>(.*?)</tr>`))![1];
    return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
  };

  it('marks the separated group "not testable" with its share, and keeps the other group’s test, in three languages', async () => {
    for (const [lang, notTestable, p] of [
      ['en', 'not testable', '0.003'],
      ['nb', 'ikke testbar', '0,003'],
      ['nn', 'ikkje testbar', '0,003'],
    ]) {
      const html = await page(lang, 'separation');
      // veileder (reference): n, share; leder: n, share, difference in points, p, marker; koordinator likewise.
      const q1 = cells(html, 'q1');
      expect(q1.slice(2, 7), lang).toEqual(['25', expect.stringMatching(/^88[.,]0\s?%$/), expect.stringMatching(/^\+38[.,]0$/), p, '**']);
      expect(q1.slice(7), lang).toEqual([
        '12',
        expect.stringMatching(/^100[.,]0\s?%$/),
        expect.stringMatching(/^\+50[.,]0$/),
        notTestable,
        '',
      ]);
      expect(
        cells(html, 'q3').filter((c) => c === notTestable),
        lang,
      ).toHaveLength(2);
      // One language per table (the downloads note names TABLE.csv's status values, which are data, not text).
      const table = html.slice(html.indexOf('id="staff-table"'), html.indexOf('</table>'));
      for (const other of ['not testable', 'ikke testbar', 'ikkje testbar'].filter((s) => s !== notTestable))
        expect(table, lang).not.toContain(other);
    }
  });
  it('prints p below 1e-15 as "< 1e-15" and small p in scientific notation with the page’s decimal mark', async () => {
    const en = await page('en', 'tiny-p');
    expect(cells(en, 't1')[5]).toBe('&lt; 1e-15');
    expect(cells(en, 't2')[5]).toBe('1.3e-5');
    expect(cells(en, 't3')[5]).toBe('0.147');
    expect(en).toContain('p below 0.001 is written in scientific notation');
    const nb = await page('nb', 'tiny-p');
    expect(cells(nb, 't1')[5]).toBe('&lt; 1e-15');
    expect(cells(nb, 't2')[5]).toBe('1,3e-5');
  });
});
