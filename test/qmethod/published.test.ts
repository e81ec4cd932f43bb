import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { flagAutomatically } from '../../src/qmethod/scores.ts';

// Seed 004, Tabell 5: varimax-rotated centroid loadings of 25 sorts on 4 factors and the published flags
// (copied from /work/shared/reference/q-loadings-seed004-tabell5.csv).
const text = readFileSync(new URL('../../reference/qmethod/seed004-tabell5-loadings.csv', import.meta.url), 'utf8');
const rows: Array<Record<string, string>> = parse(text, { columns: true, comment: '#', skip_empty_lines: true });
const loadings = rows.map((row) => ['f1', 'f2', 'f3', 'f4'].map((f) => Number(row[f])));
const published = rows.map((row) => (row.flagged === '' ? null : Number(row.flagged) - 1));

const flaggedFactor = (flags: boolean[][]) => flags.map((row) => (row.includes(true) ? row.indexOf(true) : null));
const perFactor = (assigned: Array<number | null>) => [0, 1, 2, 3].map((f) => assigned.filter((a) => a === f).length);

describe('published check: seed 004, Tabell 5', () => {
  it('reads 25 sorts', () => {
    expect(loadings).toHaveLength(25);
    expect(loadings.flat().every(Number.isFinite)).toBe(true);
  });

  it('automatic flagging at |a| ≥ 0.42 and a² > h²/2 reproduces every published flag', () => {
    const flags = flagAutomatically(loadings, 0.42);
    expect(flags.every((row) => row.filter(Boolean).length <= 1)).toBe(true);
    expect(flaggedFactor(flags)).toEqual(published);
    expect(perFactor(flaggedFactor(flags))).toEqual([7, 3, 3, 6]);
    expect(flaggedFactor(flags).filter((f) => f !== null)).toHaveLength(19);
  });

  it('needs the majority rule: by the threshold alone, sorts load on two factors', () => {
    const thresholdOnly = flagAutomatically(loadings, 0.42, false);
    const onSeveral = thresholdOnly.map((row) => row.filter(Boolean).length > 1);
    expect(onSeveral.filter(Boolean)).toHaveLength(7);
    // Four of them are published as flagged on their larger loading (the report's header note).
    expect(onSeveral.filter((several, p) => several && published[p] !== null)).toHaveLength(4);
  });
});
