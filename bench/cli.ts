import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../src/demo/seed.ts';
import { writeSortsCsv } from '../src/qmethod/formats.ts';
import { gridPositions, symmetricGrid, type QSortData } from '../src/qmethod/grid.ts';
import type { BenchRow } from './rows.ts';
import { forcedOntoGrid } from './qmethod.ts';
// The bin's own check, so the note says what ran.
import { distIsFresh } from '../bin/dist-fresh.js';
import { freePort } from '../test/support/ports.ts';

/**
 * `npm run bench -- cli`: how fast the command line answers, as a user starts it after `npm install`
 * (dist/ built; the bench builds it first when it is missing or older than src/).
 *
 *   cli_help_ms            `node bin/brukerstemme.js --help`
 *   cli_qmethod_40x34_ms   `qmethod analyze` of 40 sorts × 34 statements, 3 factors (PCA, varimax),
 *                          reading the CSV and writing the eight result files
 *   …_vs_node              each divided by `node -e 0`, timed interleaved with it (the machine is
 *                          shared: the ratio travels between machines better than the time)
 *   …_vs_rscript           the Q analysis against Rscript with the qmethod package doing the same
 *                          (read, analyse, write), where Rscript and qmethod are installed
 *                          (BENCH_R_LIBS: a private R library holding qmethod)
 *   start_to_serve_first_s / _restart_s
 *                          `brukerstemme start` on an empty PGlite folder until GET /healthz answers
 *                          (the demo is then still being filled in: /healthz says ready: false; the
 *                          note gives when it said ready: true), then again on the same folder;
 *                          median of START_RUNS such pairs, each on a new folder
 *
 * Each command line is timed as a whole process (wall clock), median of RUNS after one untimed run.
 * The bin runs dist/ when it is up to date (`npm run build`), else the sources through tsx; the
 * note says which.
 */

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'brukerstemme.js');
const RUNS = 9;
const START_RUNS = 3;
const SORTS = 40;
const FACTORS = 3;
const GRID = symmetricGrid([2, 3, 4, 5, 6]); // −4…+4, 34 cards

/** 40 sorts of 34 statements from three seeded viewpoints plus noise (as bench/qmethod.ts, smaller). */
export function study40x34(seed = 20260613): QSortData {
  const next = seededRandom(seed);
  const positions = gridPositions(GRID);
  const n = positions.length;
  const views = Array.from({ length: FACTORS }, () => Array.from({ length: n }, () => next() - 0.5));
  return forcedOntoGrid({
    views,
    sorts: SORTS,
    noise: 0.7,
    next,
    positions,
    id: (prefix, i) => `${prefix}${String(i + 1).padStart(2, '0')}`,
  });
}

/** Wall-clock milliseconds of one process; throws when it fails (a benchmark of an error is no benchmark). */
function timeProcess(command: string, args: string[], opts: SpawnSyncOptions = {}): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${String(result.stderr).slice(0, 500)}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

const R_SCRIPT = `
args <- commandArgs(trailingOnly = TRUE)
if (nzchar(Sys.getenv("BENCH_R_LIBS"))) .libPaths(c(Sys.getenv("BENCH_R_LIBS"), .libPaths()))
suppressPackageStartupMessages(library(qmethod))
sorts <- read.csv(args[1], row.names = 1, check.names = FALSE)
r <- qmethod(sorts, nfactors = as.integer(args[3]), rotation = "varimax", forced = TRUE, silent = TRUE)
dir.create(args[2], showWarnings = FALSE)
write.csv(r$loa, file.path(args[2], "loadings.csv"))
write.csv(r$flagged, file.path(args[2], "flags.csv"))
write.csv(r$zsc, file.path(args[2], "zscores.csv"))
write.csv(r$zsc_n, file.path(args[2], "arrays.csv"))
write.csv(r$qdc, file.path(args[2], "distinguishing.csv"))
write.csv(r$f_char$characteristics, file.path(args[2], "factors.csv"))
`;

/** Why Rscript with qmethod cannot run here, or null when it can. */
function rUnavailable(): string | null {
  const probe = spawnSync(
    'Rscript',
    [
      '-e',
      'if (nzchar(Sys.getenv("BENCH_R_LIBS"))) .libPaths(c(Sys.getenv("BENCH_R_LIBS"), .libPaths())); suppressPackageStartupMessages(library(qmethod))',
    ],
    { encoding: 'utf8' },
  );
  if (probe.error) return `no Rscript (${(probe.error as NodeJS.ErrnoException).code})`;
  if (probe.status !== 0) {
    const lines = probe.stderr.trim().split('\n');
    return `Rscript cannot load qmethod: ${(lines.find((l) => /error/i.test(l)) ?? lines.at(-1))?.trim()}`;
  }
  return null;
}

/**
 * CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux; null
 * elsewhere). On a shared machine wall time swings with the neighbours' load; this much less.
 */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return null;
  }
}

/**
 * Seconds from spawning `brukerstemme start` until /healthz answers, and until it says `ready: true`
 * (the demo complete); then stops it with SIGINT (a clean shutdown).
 */
async function startToServe(dataDir: string): Promise<{ serve: number; cpu: number | null; ready: number }> {
  const port = await freePort();
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ended = false;
  void exited.then(() => (ended = true));
  try {
    for (;;) {
      if (ended) throw new Error(`brukerstemme start ended before serving: ${stderr.slice(0, 500)}`);
      if (performance.now() - started > 300_000) throw new Error('brukerstemme start did not serve within 5 minutes');
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => true,
        () => false,
      );
      if (answered) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const serve = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(child.pid);
    for (;;) {
      const health = (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json())) as { ready?: boolean };
      if (health.ready !== false) return { serve, cpu, ready: (performance.now() - started) / 1000 };
      if (performance.now() - started > 300_000) throw new Error('brukerstemme start was not ready within 5 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

export async function run(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'bs-bench-cli-'));
  try {
    const data = study40x34();
    const sortsCsv = join(work, 'sorts.csv');
    writeFileSync(sortsCsv, writeSortsCsv(data));
    // What a user runs after `npm install` (which builds dist/): a checkout whose dist/ is missing or
    // older than src/ (a pull, a merge, an edit) would otherwise measure the sources through tsx,
    // several times slower, as the rows of 9529a86 did unawares.
    let built = '';
    if (!distIsFresh(ROOT)) {
      const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (build.status !== 0) throw new Error(`npm run build failed (${build.status ?? build.signal})`);
      built = ', built by the bench first (it was missing or older than src/)';
    }
    const loads = distIsFresh(ROOT) ? `dist/${built}` : 'src/ through tsx (dist/ missing or older than src/: npm run build)';
    const rWhyNot = rUnavailable();

    const node = ['-e', '0'];
    const help = [BIN, '--help'];
    const qmethod = [BIN, 'qmethod', 'analyze', sortsCsv, '--factors', String(FACTORS), '--out', join(work, 'out')];
    const rArgs = ['-e', R_SCRIPT, sortsCsv, join(work, 'r-out'), String(FACTORS)];
    // One untimed run each (file cache, tsx's compile cache), then interleaved so all see the same load.
    timeProcess(process.execPath, node);
    timeProcess(process.execPath, help);
    timeProcess(process.execPath, qmethod);
    if (!rWhyNot) timeProcess('Rscript', rArgs);
    const times = { node: [] as number[], help: [] as number[], qmethod: [] as number[], r: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      times.node.push(timeProcess(process.execPath, node));
      times.help.push(timeProcess(process.execPath, help));
      times.qmethod.push(timeProcess(process.execPath, qmethod));
      if (!rWhyNot) times.r.push(timeProcess('Rscript', rArgs));
    }
    const nodeMs = median(times.node);
    const helpMs = median(times.help);
    const qMs = median(times.qmethod);
    const rMs = rWhyNot ? null : median(times.r);
    const base = `median of ${RUNS} process runs, interleaved with node -e 0 (${round(nodeMs)} ms); the bin ran ${loads}`;
    const rNote = rWhyNot ? `no R comparison: ${rWhyNot}` : `Rscript with qmethod ${round(rMs!)} ms`;

    const rows: BenchRow[] = [
      {
        name: 'cli_node_baseline_ms',
        value: round(nodeMs),
        unit: 'ms',
        better: 'lower',
        note: `node -e 0: a Node process that loads nothing, timed interleaved with the rows below (median of ${RUNS})`,
      },
      { name: 'cli_help_ms', value: round(helpMs), unit: 'ms', target: 500, better: 'lower', note: `brukerstemme --help; ${base}` },
      {
        name: 'cli_help_vs_node',
        value: round(helpMs / nodeMs, 2),
        unit: '× node -e 0',
        better: 'lower',
        note: `cli_help_ms / node -e 0; ${base}`,
      },
      {
        name: 'cli_qmethod_40x34_ms',
        value: round(qMs),
        unit: 'ms',
        // R qmethod 1.8.4 took about 1.1 s for such a study where it was measured (issue #13).
        target: 1100,
        better: 'lower',
        note: `qmethod analyze of ${SORTS} sorts × 34 statements, ${FACTORS} factors, PCA, varimax, CSV in, eight files out; ${base}; ${rNote}`,
      },
      {
        name: 'cli_qmethod_40x34_vs_node',
        value: round(qMs / nodeMs, 2),
        unit: '× node -e 0',
        better: 'lower',
        note: `cli_qmethod_40x34_ms / node -e 0; ${base}`,
      },
    ];
    if (rMs !== null) {
      rows.push({
        name: 'cli_qmethod_40x34_vs_rscript',
        value: round(qMs / rMs, 2),
        unit: '× Rscript qmethod',
        target: 1,
        better: 'lower',
        note: `cli_qmethod_40x34_ms / Rscript reading the same CSV, qmethod(), writing its tables; ${base}; ${rNote}`,
      });
    }

    // Pairs of (empty folder, the same folder again), each pair with node -e 0 timed beside it.
    const starts = {
      first: [] as number[],
      firstCpu: [] as number[],
      firstReady: [] as number[],
      restart: [] as number[],
      restartCpu: [] as number[],
      node: [] as number[],
    };
    for (let i = 0; i < START_RUNS; i++) {
      const dataDir = join(work, `data-${i}`);
      starts.node.push(timeProcess(process.execPath, node));
      const first = await startToServe(dataDir);
      starts.node.push(timeProcess(process.execPath, node));
      const restart = await startToServe(dataDir);
      starts.first.push(first.serve);
      starts.firstReady.push(first.ready);
      starts.restart.push(restart.serve);
      if (first.cpu !== null) starts.firstCpu.push(first.cpu);
      if (restart.cpu !== null) starts.restartCpu.push(restart.cpu);
      rmSync(dataDir, { recursive: true, force: true });
    }
    const startNodeS = median(starts.node) / 1000;
    const firstS = median(starts.first);
    const restartS = median(starts.restart);
    const list = (values: number[]) => values.map((v) => round(v, 2)).join(', ');
    const cpuNote = (values: number[]) =>
      values.length === 0 ? '' : `; CPU time until it served (all threads) median ${round(median(values), 2)} s (${list(values)})`;
    const serveNote = `brukerstemme start on PGlite (DATA_DIR in a temporary folder) until GET /healthz answers, stopped with SIGINT; median of ${START_RUNS}, each on a new folder, node -e 0 timed between them (${round(startNodeS * 1000)} ms); the bin ran ${loads}`;
    rows.push(
      {
        name: 'start_to_serve_first_s',
        value: round(firstS, 2),
        unit: 's',
        target: 10,
        better: 'lower',
        note: `${serveNote}; empty folder: creates the database and migrates, then serves while the demo is filled in; ${round(firstS / startNodeS)}× node -e 0 (runs ${list(starts.first)} s); /healthz said ready: true (demo complete) after ${list(starts.firstReady)} s${cpuNote(starts.firstCpu)}`,
      },
      {
        name: 'start_to_serve_restart_s',
        value: round(restartS, 2),
        unit: 's',
        target: 3,
        better: 'lower',
        note: `${serveNote}; the same folder again; ${round(restartS / startNodeS)}× node -e 0 (runs ${list(starts.restart)} s)${cpuNote(starts.restartCpu)}`,
      },
    );
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
