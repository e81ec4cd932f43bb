import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { analyzeQSorts } from '../../src/qmethod/analysis.ts';
import { parseSortsCsv } from '../../src/qmethod/formats.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/brukerstemme.js', import.meta.url).pathname;
const LIPSET = new URL('../../reference/qmethod/lipset/sorts.csv', import.meta.url).pathname;
const R_CENTROID = new URL('../../reference/qmethod/lipset/centroid-varimax/', import.meta.url);
// 16 sorts where factor 3 gets no flagged sort; R qmethod's results (PCA, varimax) beside it.
const UNFLAGGED = new URL('../../reference/qmethod/unflagged16/sorts.csv', import.meta.url).pathname;
const R_UNFLAGGED = new URL('../../reference/qmethod/unflagged16/pca-varimax/', import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'qmethod-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the real binary in a child process (dist/ when built and current, else the sources through tsx). */
async function spawnCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'qmethod', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs the same command line through src/cli.ts `main` in this process (same commander program, fast). */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await main(['node', 'brukerstemme', 'qmethod', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.exitCode = previous;
    log.mockRestore();
    error.mockRestore();
  }
}
const table = (path: string): string[][] => parse(readFileSync(path, 'utf8'));

describe('brukerstemme qmethod analyze', () => {
  it('the binary writes the six result files with ids and f1…fN headers, agreeing with R qmethod', async () => {
    const out = join(work, 'lipset');
    const result = await spawnCli('analyze', LIPSET, '--factors', '3', '--extraction', 'centroid', '--rotation', 'varimax', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Analysed 9 sorts of 33 statements/);
    const loadings = table(join(out, 'loadings.csv'));
    expect(loadings[0]).toEqual(['participant', 'f1', 'f2', 'f3']);
    expect(loadings.slice(1).map((r) => r[0])).toEqual(['US1', 'US2', 'US3', 'US4', 'JP5', 'CA6', 'UK7', 'US8', 'FR9']);
    for (const name of ['zscores.csv', 'arrays.csv', 'distinguishing.csv']) {
      const t = table(join(out, name));
      expect(t[0]).toEqual(['statement', 'f1', 'f2', 'f3']);
      expect(t).toHaveLength(34);
    }
    expect(
      table(join(out, 'flags.csv'))
        .slice(1)
        .flat()
        .filter((c) => c !== 'true' && c !== 'false'),
    ).toHaveLength(9);
    expect(table(join(out, 'consensus.csv'))[0]).toEqual(['statement', 'f1', 'f2', 'f3']);
    // Same loadings and z-scores as R's qmethod (centroid, varimax, p < .05 flags), up to sign.
    for (const [ours, theirs] of [
      ['loadings.csv', 'loadings.csv'],
      ['zscores.csv', 'zscores.csv'],
    ]) {
      const a = table(join(out, ours))
        .slice(1)
        .map((r) => r.slice(1).map(Number));
      const b = (parse(readFileSync(new URL(theirs, R_CENTROID), 'utf8')) as string[][]).slice(1).map((r) => r.slice(1).map(Number));
      for (let f = 0; f < 3; f++) {
        const sign = Math.sign(a.reduce((s, row, i) => s + row[f] * b[i][f], 0));
        a.forEach((row, i) => expect(Math.abs(row[f] - sign * b[i][f])).toBeLessThan(1e-4));
      }
    }
  });

  it('applies manual flags and the flag threshold given as options', async () => {
    const out = join(work, 'manual');
    const data = parseSortsCsv(readFileSync(LIPSET, 'utf8'));
    const automatic = analyzeQSorts(data, { factors: 2, extraction: 'pca', rotation: 'varimax', flagThreshold: 'p01' });
    const flagged = automatic.flags.findIndex((row) => row[0]);
    const participant = data.participants[flagged];
    const result = await cli('analyze', LIPSET, '--factors', '2', '--flag-threshold', 'p01', '--unflag', `${participant}:f1`, '--out', out);
    expect(result.code).toBe(0);
    const flags = table(join(out, 'flags.csv'));
    const row = flags.find((r) => r[0] === participant)!;
    expect(row[1]).toBe('false');
    const expectedOthers = automatic.flags.map((r, p) => (p === flagged ? 'false' : String(r[0])));
    expect(flags.slice(1).map((r) => r[1])).toEqual(expectedOthers);
  });

  it('refuses a sort that breaks the grid, names it, and writes nothing', async () => {
    const text = readFileSync(LIPSET, 'utf8').replace('"s01",-1,', '"s01",0,');
    const path = join(work, 'broken.csv');
    writeFileSync(path, text);
    const out = join(work, 'broken-out');
    const result = await cli('analyze', path, '--factors', '2', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/participant "US1" breaks the grid/);
    expect(existsSync(out)).toBe(false);
  });

  it('a factor without flagged sorts: writes every file with its cells empty, warns naming it, exits 0, and agrees with R', async () => {
    const out = join(work, 'unflagged');
    const result = await spawnCli('analyze', UNFLAGGED, '--factors', '3', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/defining sorts f1: 8, f2: 8, f3: 0\. Wrote 8 files/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^qmethod analyze: warning: no sort is flagged on factor f3;/);
    expect(result.stderr).toMatch(/flag by hand \(--flag PARTICIPANT:f3\)/);

    const ours = (name: string) => table(join(out, name));
    const theirs = (name: string): string[][] => parse(readFileSync(new URL(name, R_UNFLAGGED), 'utf8'));
    const header = ['statement', 'f1', 'f2', 'f3'];
    // Same file names and columns as always; R's NA is an empty cell. (PCA: our factors are R's, same order and sign.)
    expect(ours('flags.csv')).toEqual(theirs('flags.csv'));
    for (const name of ['loadings.csv', 'zscores.csv', 'arrays.csv']) {
      const a = ours(name);
      const b = theirs(name);
      expect(a[0]).toEqual(name === 'loadings.csv' ? ['participant', 'f1', 'f2', 'f3'] : header);
      expect(a.map((r) => r[0])).toEqual(b.map((r) => r[0]));
      a.slice(1).forEach((row, i) =>
        row.slice(1).forEach((cell, f) => {
          const other = b[i + 1][f + 1];
          if (other === 'NA') expect(cell).toBe('');
          else expect(Math.abs(Number(cell) - Number(other))).toBeLessThan(name === 'arrays.csv' ? 1e-12 : 1e-4);
        }),
      );
    }
    expect(
      ours('zscores.csv')
        .slice(1)
        .map((r) => r[3]),
    ).toEqual(new Array(33).fill(''));

    const factors = ours('factors.csv');
    const rChar = theirs('characteristics.csv');
    const col = (name: string) => factors[0].indexOf(name);
    expect(factors.map((r) => r[0])).toEqual(['factor', 'f1', 'f2', 'f3']);
    factors.slice(1).forEach((row, f) => {
      expect(Number(row[col('defining_sorts')])).toBe(Number(rChar[f + 1][2]));
      expect(Number(row[col('composite_reliability')])).toBeCloseTo(Number(rChar[f + 1][5]), 10);
      expect(Number(row[col('rotated_sum_of_squares')])).toBeCloseTo(Number(rChar[f + 1][3]), 4);
      if (f === 2) expect(row[col('se_factor_scores')]).toBe('');
      else expect(Number(row[col('se_factor_scores')])).toBeCloseTo(Number(rChar[f + 1][6]), 6);
      for (const name of ['unrotated_eigenvalue', 'unrotated_explained_variance_pct', 'rotated_explained_variance_pct'])
        expect(row[col(name)]).not.toBe('');
    });

    const correlations = ours('score-correlations.csv');
    expect(correlations[0]).toEqual(['factor', 'f1', 'f2', 'f3']);
    expect(correlations[3]).toEqual(['f3', '', '', '1']);
    expect(correlations.slice(1).map((r) => r[3])).toEqual(['', '', '1']);
    expect(Number(correlations[1][2])).toBeCloseTo(Number(theirs('zscore-correlations.csv')[1][2]), 6);

    // Distinguishing and consensus statements between f1 and f2, as R finds them without f3.
    const rLabels = new Map(
      theirs('distinguishing-consensus.csv')
        .slice(1)
        .map((r) => [r[0], r[1]]),
    );
    const distinguishing = ours('distinguishing.csv');
    expect(distinguishing[0]).toEqual(header);
    for (const [id, f1, f2, f3] of distinguishing.slice(1)) {
      expect(f3).toBe('');
      expect(f1).toBe(f2);
      expect(f1 !== '').toBe(rLabels.get(id) === 'Distinguishing');
    }
    const consensus = ours('consensus.csv');
    expect(consensus[0]).toEqual(header);
    expect(consensus.slice(1).map((r) => r[0])).toEqual([...rLabels].filter(([, label]) => label === 'Consensus').map(([id]) => id));
    expect(consensus.length).toBeGreaterThan(1);
    expect(consensus.slice(1).every((r) => r[3] === '' && r[1] !== '' && r[2] !== '')).toBe(true);
  });

  it('refuses more factors than sorts', async () => {
    const out = join(work, 'too-many');
    const result = await cli('analyze', LIPSET, '--factors', '10', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/10 factors were requested but the study has only 9 sorts/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('brukerstemme qmethod convert', () => {
  it('converts CSV to PQMethod .DAT and back', async () => {
    const dat = join(work, 'lipset.dat');
    const csv = join(work, 'lipset-back.csv');
    expect((await cli('convert', LIPSET, dat, '--title', 'Lipset')).code).toBe(0);
    expect(readFileSync(dat, 'latin1').split('\r\n')[0]).toBe('  0  9 33 Lipset');
    expect((await cli('convert', dat, csv)).code).toBe(0);
    expect(parseSortsCsv(readFileSync(csv, 'utf8')).values).toEqual(parseSortsCsv(readFileSync(LIPSET, 'utf8')).values);
  });
});
