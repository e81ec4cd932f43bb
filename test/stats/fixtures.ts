import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const referenceDir = fileURLToPath(new URL('../../reference/stats/', import.meta.url));

/** Read a committed reference CSV (gzipped if the name ends in .gz) into records of strings. */
export function readReferenceCsv(name: string): Record<string, string>[] {
  const raw = readFileSync(referenceDir + name);
  const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return parse(text, { columns: true, skip_empty_lines: true });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const references: any = JSON.parse(readFileSync(referenceDir + 'references.json', 'utf8'));

/** Relative closeness with an absolute floor for values near zero. */
export function expectClose(actual: number, expected: number, relative: number, label = ''): void {
  const scale = Math.max(Math.abs(expected), 1e-3);
  const error = Math.abs(actual - expected) / scale;
  if (!(error <= relative)) {
    throw new Error(`${label}: got ${actual}, R gives ${expected} (relative error ${error.toExponential(2)} > ${relative})`);
  }
}

export function expectAllClose(actual: readonly number[], expected: readonly number[], relative: number, label = ''): void {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  actual.forEach((v, i) => expectClose(v, expected[i], relative, `${label}[${i}]`));
}
