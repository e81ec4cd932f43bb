import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { StatsInputError, SeededRandom } from '../../src/stats/index.ts';
import { analyzeItemBlock, compareGroupsByItem, significanceMarker } from '../../src/staff/analysis.ts';
import { formatTableCsv, parseAnswersCsv, TABLE_COLUMNS } from '../../src/staff/csv.ts';
import { registerStaffCommands } from '../../src/staff/cli.ts';

describe('compareGroupsByItem', () => {
  const respondents = [
    ...Array.from({ length: 40 }, (_, i) => ({ group: 'veileder', answers: [i < 20 ? 5 : 2, i < 10 ? 4 : 3, i % 2 ? null : 4] })),
    ...Array.from({ length: 20 }, (_, i) => ({ group: 'leder', answers: [i < 16 ? 4 : 1, i < 6 ? 5 : 2, i % 2 ? 1 : 5] })),
  ];
  const rows = compareGroupsByItem(respondents, ['a', 'b', 'c']);
  it('one row per item and group, the largest group as reference, item non-response out of n', () => {
    expect(rows.map((r) => `${r.item}/${r.group}`)).toEqual(['a/veileder', 'a/leder', 'b/veileder', 'b/leder', 'c/veileder', 'c/leder']);
    expect(rows[0]).toMatchObject({ n: 40, sharePositive: 0.5, pValue: null, marker: '' });
    expect(rows[1].sharePositive).toBeCloseTo(0.8, 12);
    expect(rows[4]).toMatchObject({ n: 20, sharePositive: 1 });
    // 50 % vs 80 %: odds ratio 4, Wald z = ln 4 / √(1/20 + 1/20 + 1/16 + 1/4) ≈ 2.158, p ≈ 0.0309.
    expect(rows[1].pValue).toBeCloseTo(0.0309, 4);
    expect(rows[1].marker).toBe('**');
  });
  it('gives no test (and says why) when a group is all positive', () => {
    expect(rows[5].pValue).toBeNull();
    expect(rows[5].note).toMatch(/separated/);
  });
  it('markers: ** p<0.05, * p<0.10', () => {
    expect([0.01, 0.05, 0.07, 0.1, 0.5, null].map(significanceMarker)).toEqual(['**', '*', '*', '', '', '']);
  });
  it('rejects answers outside 1–5 and a single group', () => {
    expect(() =>
      compareGroupsByItem(
        [
          { group: 'a', answers: [6] },
          { group: 'b', answers: [1] },
        ],
        ['x'],
      ),
    ).toThrow(/1–5/);
    expect(() =>
      compareGroupsByItem(
        [
          { group: 'a', answers: [3] },
          { group: 'a', answers: [1] },
        ],
        ['x'],
      ),
    ).toThrow(StatsInputError);
  });
});

describe('ANSWERS.csv → TABLE.csv', () => {
  const answers = 'role,q1,q2\nveileder,5,\nveileder,2,3\nveileder,4,4\nleder,1,5\nleder,4,2\nveileder,3,1\n';
  it('parses empty cells as no answer and writes exactly the agreed columns', () => {
    const parsed = parseAnswersCsv(answers, 'role');
    expect(parsed.items).toEqual(['q1', 'q2']);
    expect(parsed.respondents[0]).toEqual({ group: 'veileder', answers: [5, null] });
    const csv = formatTableCsv(compareGroupsByItem(parsed.respondents, parsed.items));
    const [header] = csv.split('\n');
    expect(header).toBe(TABLE_COLUMNS.join(','));
    expect(header).toBe('item,group,n,share_positive,predicted,p_value,marker,status');
  });
  it('names the line and column of a bad answer', () => {
    expect(() => parseAnswersCsv('role,q1\nveileder,7\n', 'role')).toThrow(/line 2, column "q1"/);
    expect(() => parseAnswersCsv('role,q1\nveileder,3\n', 'rolle')).toThrow(/no column "rolle"/);
  });
  it('CLI: brukerstemme staff analyze ANSWERS.csv --group role --out TABLE.csv', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'staff-'));
    const random = new SeededRandom(7);
    const lines = ['role,q1,q2'];
    for (let i = 0; i < 300; i++) {
      const leader = i % 6 === 0;
      lines.push(
        `${leader ? 'leder' : 'veileder'},${1 + random.integer(5)},${random.next() < 0.1 ? '' : leader ? (random.next() < 0.85 ? 4 + random.integer(2) : 1 + random.integer(3)) : 1 + random.integer(5)}`,
      );
    }
    writeFileSync(join(dir, 'answers.csv'), lines.join('\n'));
    const program = new Command().exitOverride();
    registerStaffCommands(program);
    await program.parseAsync(['staff', 'analyze', join(dir, 'answers.csv'), '--group', 'role', '--out', join(dir, 'table.csv')], {
      from: 'user',
    });
    const table: Record<string, string>[] = parse(readFileSync(join(dir, 'table.csv'), 'utf8'), { columns: true });
    expect(table).toHaveLength(4);
    expect(Object.keys(table[0])).toEqual([...TABLE_COLUMNS]);
    const q2Leader = table.find((r) => r.item === 'q2' && r.group === 'leder')!;
    expect(q2Leader.marker).toBe('**');
    expect(Number(q2Leader.p_value)).toBeLessThan(0.05);
  });
  it('CLI: bad input writes nothing and sets a failing exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'staff-'));
    writeFileSync(join(dir, 'answers.csv'), 'role,q1\nveileder,9\nleder,2\n');
    const program = new Command().exitOverride();
    registerStaffCommands(program);
    const previous = process.exitCode;
    await program.parseAsync(['staff', 'analyze', join(dir, 'answers.csv'), '--group', 'role', '--out', join(dir, 'table.csv')], {
      from: 'user',
    });
    expect(process.exitCode).toBe(1);
    process.exitCode = previous;
    expect(existsSync(join(dir, 'table.csv'))).toBe(false);
  });
});

describe('factor analysis of a block of staff items (as seed 002, Tabell 2)', () => {
  it('separates two constructs and reports alpha per factor', () => {
    // Eight «målekort» items driven by one attitude, three «leders fokus» items by another.
    const random = new SeededRandom(2);
    const toScale = (v: number) => Math.min(5, Math.max(1, Math.round(3 + v)));
    const respondents = Array.from({ length: 400 }, () => {
      const scorecard = random.normal();
      const leaderFocus = 0.3 * scorecard + random.normal(0, 0.95);
      return {
        group: 'all',
        answers: [
          ...Array.from({ length: 8 }, () => toScale(0.9 * scorecard + random.normal(0, 0.5))),
          ...Array.from({ length: 3 }, () => toScale(0.9 * leaderFocus + random.normal(0, 0.6))),
        ],
      };
    });
    const items = [...Array.from({ length: 8 }, (_, i) => `malekort${i + 1}`), 'fokus1', 'fokus2', 'fokus3'];
    const result = analyzeItemBlock(respondents, items, { factors: 2 });
    expect(result.alphaPerFactor[0].items).toEqual(items.slice(0, 8));
    expect(result.alphaPerFactor[1].items).toEqual(items.slice(8));
    expect(result.alphaPerFactor[0].alpha!.raw).toBeGreaterThan(0.9);
    result.factors.loadings.slice(0, 8).forEach((row) => expect(row[0]).toBeGreaterThan(0.6));
    result.factors.loadings.slice(8).forEach((row) => expect(row[1]).toBeGreaterThan(0.5));
    expect(result.factors.eigenvalues.filter((e) => e > 1)).toHaveLength(2);
  });
});

describe('minimum group size (MIN_ANSWERS)', () => {
  const respondents = [
    ...Array.from({ length: 30 }, (_, i) => ({ group: 'veileder', answers: [i < 15 ? 4 : 2, i < 12 ? 5 : 1] })),
    ...Array.from({ length: 10 }, (_, i) => ({ group: 'leder', answers: [i < 8 ? 5 : 3, i < 4 ? 4 : null] })),
    // Three respondents, all positive: on their own they would separate the model and hide every test.
    ...Array.from({ length: 3 }, () => ({ group: 'direktør', answers: [5, 5] })),
  ];
  const onlyA = respondents.map((r) => ({ group: r.group, answers: [r.answers[0]] }));
  it('leaves out groups under the threshold and blanks cells with too few answers; tests of the others are unaffected by them', () => {
    const rows = compareGroupsByItem(respondents, ['a', 'b'], { minAnswers: 5 });
    expect(rows.map((r) => `${r.item}/${r.group}`)).toEqual(['a/veileder', 'a/leder', 'b/veileder', 'b/leder']);
    expect(rows[1].pValue).not.toBeNull();
    expect(rows[3]).toMatchObject({ n: 4, pValue: null, marker: '', note: 'fewer than 5 answers' });
    expect(rows[3].sharePositive).toBeNaN();
    const withoutSmall = compareGroupsByItem(
      onlyA.filter((r) => r.group !== 'direktør'),
      ['a'],
      {},
    );
    expect(rows[1].pValue).toBeCloseTo(withoutSmall[1].pValue!, 12);
    // Without the threshold the tiny all-positive group is separated: it alone is not testable, and leder keeps
    // the test it has without direktør (issue #12: the whole item used to go).
    const all = compareGroupsByItem(onlyA, ['a']);
    expect(all.find((r) => r.group === 'leder')!.pValue).toBeCloseTo(withoutSmall[1].pValue!, 12);
    expect(all.find((r) => r.group === 'direktør')).toMatchObject({ status: 'not testable', pValue: null, sharePositive: 1, predicted: 1 });
  });
  it('refuses when fewer than two groups reach the threshold, or when the reference group is under it', () => {
    expect(() => compareGroupsByItem(onlyA, ['a'], { minAnswers: 11 })).toThrow(/at least 2 groups with at least 11 respondents, found 1/);
    expect(() => compareGroupsByItem(onlyA, ['a'], { minAnswers: 5, referenceGroup: 'direktør' })).toThrow(/fewer than 5 respondents/);
  });
});
