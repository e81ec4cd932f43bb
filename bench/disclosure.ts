import type { UnitNode } from '../src/access/scope.ts';
import { buildReleaseTable, type AnswerTally, type MeasureTally } from '../src/disclosure/group-table.ts';
import { seededRandom } from '../src/demo/seed.ts';
import type { BenchRow } from './rows.ts';

/**
 * Disclosure control alone (pure, no database): building the released table of one year — the
 * relation rules and the linear audit, for the answer pattern and each of 10 measures — over the
 * bench's tree of 15 counties, 350 offices and 1,050 teams, 10 counselors a team, answers spread
 * unevenly over teams (a quarter of the teams get half the answers) and evenly over months.
 * - release_table_sparse_s: 30,000 answers (2.4 a team-month: most cells small, the audit works);
 * - release_table_dense_s: 300,000 answers (most cells large, the audit finds little).
 * One run each after one warm-up run on a smaller table.
 */
const COUNTIES = 15;
const OFFICES = 350;
const TEAMS = 1050;
const MEASURES = 10;

function tree(): Map<string, UnitNode> {
  const units: UnitNode[] = [{ id: 'n', kind: 'nation', name: 'n', parent_id: null, active: true }];
  for (let c = 0; c < COUNTIES; c++) units.push({ id: `f${c}`, kind: 'county', name: `f${c}`, parent_id: 'n', active: true });
  for (let o = 0; o < OFFICES; o++) units.push({ id: `o${o}`, kind: 'office', name: `o${o}`, parent_id: `f${o % COUNTIES}`, active: true });
  for (let t = 0; t < TEAMS; t++)
    units.push({ id: `t${t}`, kind: 'team', name: `t${t}`, parent_id: `o${Math.floor(t / 3)}`, active: true });
  return new Map(units.map((u) => [u.id, u]));
}

function tallies(total: number, seed: number): { answers: AnswerTally[]; measures: MeasureTally[] } {
  const next = seededRandom(seed);
  const byKey = new Map<string, { answer: AnswerTally; measures: MeasureTally[] }>();
  for (let i = 0; i < total; i++) {
    const team = Math.floor(next() ** 2 * TEAMS);
    const counselorId = `c${team}_${Math.floor(next() * 10)}`;
    const month = `2026-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-01`;
    const key = `${counselorId}|${month}`;
    let entry = byKey.get(key);
    if (!entry) {
      const base = { unitId: `t${team}`, month, counselorId };
      const empty = (measure: number) => ({ ...base, measure, n: 0, sum: 0, positive: 0, dontKnow: 0, distribution: [0, 0, 0, 0, 0, 0] });
      entry = { answer: { ...base, n: 0 }, measures: Array.from({ length: MEASURES }, (_, measure) => empty(measure)) };
      byKey.set(key, entry);
    }
    entry.answer.n++;
    for (const m of entry.measures) {
      if (next() < 0.1) {
        m.dontKnow++;
        continue;
      }
      const value = 1 + Math.floor(next() * 6);
      m.n++;
      m.sum += value;
      if (value >= 4) m.positive++;
      m.distribution[value - 1]++;
    }
  }
  const entries = [...byKey.values()];
  return { answers: entries.map((e) => e.answer), measures: entries.flatMap((e) => e.measures) };
}

function timedBuild(total: number): { seconds: number; suppressed: number; figures: number } {
  const units = tree();
  const { answers, measures } = tallies(total, 20261201);
  const started = performance.now();
  const table = buildReleaseTable({
    tree: units,
    years: [2026],
    measureCount: MEASURES,
    answers,
    measures,
    thresholds: { answers: 5, comments: 10, counselors: 3 },
  });
  const seconds = (performance.now() - started) / 1000;
  const cells = table.cells();
  return {
    seconds,
    suppressed: cells.reduce((s, c) => s + c.measures.filter((m) => m.suppressed).length, 0),
    figures: cells.length * MEASURES,
  };
}

export async function run(): Promise<BenchRow[]> {
  timedBuild(3_000);
  return [30_000, 300_000].map((total) => {
    const { seconds, suppressed, figures } = timedBuild(total);
    return {
      name: total === 30_000 ? 'release_table_sparse_s' : 'release_table_dense_s',
      value: Math.round(seconds * 10) / 10,
      unit: 's',
      better: 'lower' as const,
      note: `released table of one year, ${total} answers over ${TEAMS} teams, ${MEASURES} measures, k 5, m 3 (relation rules and linear audit); ${suppressed} of ${figures} figures suppressed`,
    };
  });
}
