import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchModule, BenchRow } from './rows.ts';

/**
 * `npm run bench`: runs every bench module (bench/<capability>.ts exporting `run()`), or only those
 * named on the command line, and writes bench/results/latest.json (a JSON array of rows; rows of
 * modules not run this time are kept from the previous file) plus a table on stdout.
 */
const benchDir = import.meta.dirname;
const resultsFile = join(benchDir, 'results', 'latest.json');
const NOT_MODULES = new Set(['run.ts', 'rows.ts', 'support.ts']);

export async function runBenchmarks(only: string[] = []): Promise<BenchRow[]> {
  const modules = readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts') && !NOT_MODULES.has(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((name) => only.length === 0 || only.includes(name))
    .sort();
  const previous: BenchRow[] = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
  const fresh: BenchRow[] = [];
  for (const name of modules) {
    process.stderr.write(`bench: ${name}…\n`);
    const mod = (await import(join(benchDir, `${name}.ts`))) as BenchModule;
    fresh.push(...(await mod.run()));
  }
  const freshNames = new Set(fresh.map((r) => r.name));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
  const rows = [...previous.filter((r) => !freshNames.has(r.name)), ...fresh.map((r) => ({ ...r, note: `${r.note} [${machine}]` }))];
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(rows, null, 2) + '\n');
  printTable(rows);
  return rows;
}

function printTable(rows: BenchRow[]) {
  const status = (r: BenchRow) =>
    r.target === undefined ? '' : (r.better === 'lower' ? r.value <= r.target : r.value >= r.target) ? 'meets' : 'MISSES';
  const lines = rows.map((r) => [
    r.name,
    String(r.value),
    r.unit,
    r.target === undefined ? '' : `${r.better === 'lower' ? '≤' : '≥'} ${r.target}`,
    status(r),
  ]);
  const header = ['name', 'value', 'unit', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  await runBenchmarks(process.argv.slice(2));
}
