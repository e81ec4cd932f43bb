import { sql } from 'kysely';
import { grantRole, loadActor, loadUnitTree } from '../src/access/actor.ts';
import { contextFor } from '../src/app.ts';
import { loadConfig } from '../src/core/config.ts';
import { counselorReport } from '../src/reporting/counselor-report.ts';
import { counselorOverview, setCompareSetting } from '../src/reporting/counselor-overview.ts';
import { ensureSnapshot } from '../src/disclosure/group-store.ts';
import { currentPeriodKey, unitReport } from '../src/reporting/group-report.ts';
import { parsePeriodKey } from '../src/time/periods.ts';
import { monitoringReport } from '../src/monitoring/selection.ts';
import { readerViewFor } from '../src/consent/readers.ts';
import { percentile, type BenchRow } from './rows.ts';
import { withBenchDatabase } from './support.ts';

/**
 * Report latency on PostgreSQL with a generated national database (REPORT_BENCH_ANSWERS, default
 * 2,000,000 answers over 23 months from 10,000 counselors in 1,050 teams, 350 offices, 15
 * counties; plus REPORT_BENCH_MEETINGS meetings with invitations), generated in SQL (untimed).
 * Timed, each REPORT_BENCH_RUNS times after one warm-up, calling the same functions the routes call:
 * - report_counselor: a counselor's own page data (own report per tertial, trend, dispatch counts,
 *   comparison switched on);
 * - report_office: a leader's office report (office, its teams, trend of 6 tertials, response rates);
 * - report_county: a county analyst's report (county and its offices side by side).
 * The released-table snapshot (disclosure control over the whole tree, per year) is built first and
 * reported apart (report_snapshot_refresh_s): readers never wait for it unless it is stale.
 */
const ANSWERS = Number(process.env.REPORT_BENCH_ANSWERS ?? 2_000_000);
const MEETINGS = Number(process.env.REPORT_BENCH_MEETINGS ?? 1_000_000);
const RUNS = Number(process.env.REPORT_BENCH_RUNS ?? 60);
const COUNTIES = 15;
const OFFICES = 350;
const TEAMS_PER_OFFICE = 3;
const COUNSELORS = 10_000;
const NOW = new Date('2026-11-23T10:00:00Z');

async function timed(runs: number, body: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await body();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: Math.round(percentile(times, 50) * 10) / 10, p99: Math.round(percentile(times, 99) * 10) / 10 };
}

export async function run(): Promise<BenchRow[]> {
  return withBenchDatabase(
    'postgres',
    async (handle) => {
      const ctx = await contextFor(
        handle,
        loadConfig({}, { LOG_LEVEL: 'silent', DATA_DIR: '/tmp/bs-bench-reports', REPORT_REFRESH_SECONDS: 86_400 }),
        { now: () => NOW },
      );
      const db = ctx.db;
      const teams = OFFICES * TEAMS_PER_OFFICE;
      await sql`insert into unit (id, kind, name, parent_id) values ('n', 'nation', 'Nation', null)`.execute(db);
      await sql`insert into unit (id, kind, name, parent_id) select 'f' || i, 'county', 'County ' || lpad(i::text, 2, '0'), 'n' from generate_series(0, ${COUNTIES - 1}) i`.execute(
        db,
      );
      await sql`insert into unit (id, kind, name, parent_id) select 'o' || i, 'office', 'Office ' || lpad(i::text, 3, '0'), 'f' || (i % ${COUNTIES}) from generate_series(0, ${OFFICES - 1}) i`.execute(
        db,
      );
      await sql`insert into unit (id, kind, name, parent_id) select 't' || i, 'team', 'Team ' || i, 'o' || (i / ${TEAMS_PER_OFFICE}) from generate_series(0, ${teams - 1}) i`.execute(
        db,
      );
      await sql`insert into employee (id, name, unit_id, role) select 'c' || i, 'Counselor ' || i, 't' || (i % ${teams}), 'counselor' from generate_series(0, ${COUNSELORS - 1}) i`.execute(
        db,
      );
      await sql`insert into employee (id, name, unit_id, role) values ('leader', 'Leader', 'o5', 'leader'), ('analyst', 'Analyst', 'f5', 'staff')`.execute(
        db,
      );
      await grantRole(db, 'analyst', 'county_analyst', 'f5');

      const generated = performance.now();
      await sql`select setseed(0.42)`.execute(db);
      await sql`create function v(x numeric) returns smallint language sql volatile as $$
      select case when random() < 0.05 then null else greatest(1, least(6, round(x + (random() + random() + random() - 1.5) * 1.6)))::smallint end $$`.execute(
        db,
      );
      await sql`
      insert into response (instrument_id, instrument_version, counselor_id, unit_id, month, channel, meeting_kind, language, answers, overall, nav_general)
      select 'national', 1, 'c' || c, 't' || (c % ${teams}), (date '2025-01-01' + (floor(random() * 23)::int * interval '1 month'))::date,
             'in_person', 'follow_up', 'nb',
             array[v(l), v(l), v(l), v(l), v(l), v(l)]::smallint[], v(l), v(l - 0.8)
      from (select floor(random() * ${COUNSELORS})::int as c, (4.3 + random() * 0.6)::numeric as l from generate_series(1, ${ANSWERS})) s`.execute(
        db,
      );
      await sql`
      insert into meeting (id, external_id, source, payload_hash, month, counselor_id, unit_id, channel, meeting_kind, language, exclusion_reason)
      select gen_random_uuid(), 'm' || g, 'bench', 'h' || g, (date '2025-01-01' + (floor(random() * 23)::int * interval '1 month'))::date,
             'c' || c, 't' || (c % ${teams}), 'in_person', 'follow_up', 'nb', case when random() < 0.1 then 'too_old' end
      from (select g, floor(random() * ${COUNSELORS})::int as c from generate_series(1, ${MEETINGS}) g) s`.execute(db);
      await sql`
      insert into invitation (meeting_id, state, language, send_at, expires_at)
      select id, (array['answered', 'expired', 'expired', 'sent', 'failed'])[1 + floor(random() * 5)::int], 'nb', now(), now()
      from meeting where exclusion_reason is null`.execute(db);
      await sql`analyze`.execute(db);
      const generateS = (performance.now() - generated) / 1000;

      const tree = await loadUnitTree(db);
      const started = performance.now();
      for (const year of [2025, 2026]) await ensureSnapshot(ctx, year, tree, { force: true });
      const snapshotS = (performance.now() - started) / 1000;
      // What disclosure control costs the reader: the share of figures released among the cells with
      // answers, over 2025 (a closed year: every period decided).
      const share = (
        await sql<{ released: number; total: number }>`
        select count(*) filter (where m->>'suppressed' = 'false')::int as released, count(*)::int as total
        from report_cell, jsonb_array_elements(measures) m
        where year = 2025 and answers > 0`.execute(db)
      ).rows[0];

      const leader = (await loadActor(db, 'leader'))!;
      const analyst = (await loadActor(db, 'analyst'))!;
      const counselorActor = (await loadActor(db, 'c17'))!;
      const key = currentPeriodKey(ctx, 'tertial');
      const period = { kind: 'tertial' as const, key, from: parsePeriodKey(key)!.from };
      await setCompareSetting(ctx, 'c17', true);

      const counselor = await timed(RUNS, async () => {
        // As the /me route does: both at once.
        const view = await readerViewFor(ctx, counselorActor);
        const [own, overview] = await Promise.all([
          counselorReport(ctx, view, 'c17', 'nb', 'tertial'),
          counselorOverview(ctx, view, 'c17', 'tertial'),
        ]);
        if (!own || own.periods.length === 0 || !overview?.comparison) throw new Error('bench: counselor report incomplete');
      });
      const office = await timed(RUNS, async () => {
        const r = await unitReport(ctx, leader, await loadUnitTree(db), 'o5', period, 'nb');
        if (r.breakdown.length !== TEAMS_PER_OFFICE || r.current.overall.suppressed) throw new Error('bench: office report incomplete');
      });
      const county = await timed(RUNS, async () => {
        const r = await unitReport(ctx, analyst, await loadUnitTree(db), 'f5', period, 'nb');
        if (r.breakdown.length < OFFICES / COUNTIES - 1 || r.current.overall.suppressed) throw new Error('bench: county report incomplete');
      });

      // The administrator's monitoring for selection: every counselor, team and office of the country
      // for a month, and the drop detector over its history window, straight from the meetings.
      const monitoring = await timed(Math.max(5, Math.round(RUNS / 6)), async () => {
        const r = await monitoringReport(ctx, { kind: 'month' });
        if (r.rows.length === 0) throw new Error('bench: monitoring report empty');
      });

      const scale = `${ANSWERS} answers and ${MEETINGS} meetings (generated in SQL in ${generateS.toFixed(0)} s), ${COUNSELORS} counselors, ${teams} teams, ${OFFICES} offices, ${COUNTIES} counties; ${RUNS} runs after a warm-up, on PostgreSQL, in-process (no HTTP)`;
      return [
        {
          name: 'report_counselor_p50_ms',
          value: counselor.p50,
          unit: 'ms',
          better: 'lower',
          note: `counselor's own page data (report, trend, dispatch, comparison on); ${scale}`,
        },
        {
          name: 'report_counselor_p99_ms',
          value: counselor.p99,
          unit: 'ms',
          target: 50,
          better: 'lower',
          note: `counselor's own page data (report, trend, dispatch, comparison on); ${scale}`,
        },
        {
          name: 'report_office_p50_ms',
          value: office.p50,
          unit: 'ms',
          better: 'lower',
          note: `leader's office report with teams, 6-tertial trend, response rates; ${scale}`,
        },
        {
          name: 'report_office_p99_ms',
          value: office.p99,
          unit: 'ms',
          target: 50,
          better: 'lower',
          note: `leader's office report with teams, 6-tertial trend, response rates; ${scale}`,
        },
        {
          name: 'report_county_p50_ms',
          value: county.p50,
          unit: 'ms',
          better: 'lower',
          note: `county analyst's report, offices side by side; ${scale}`,
        },
        {
          name: 'report_county_p99_ms',
          value: county.p99,
          unit: 'ms',
          target: 300,
          better: 'lower',
          note: `county analyst's report, offices side by side; ${scale}`,
        },
        {
          name: 'monitoring_national_p50_ms',
          value: monitoring.p50,
          unit: 'ms',
          better: 'lower',
          note: `administrator's monitoring for selection, the whole country for one month with the drop detector over its history (from the meeting and response tables, no summary); ${scale}`,
        },
        {
          name: 'released_share_national',
          value: Math.round((share.released / share.total) * 10000) / 10000,
          unit: 'share',
          better: 'higher',
          note: `figures released among (unit × fixed period × measure) cells with answers, 2025 (closed), the national table: ${share.released} of ${share.total}; ${scale}`,
        },
        {
          name: 'report_snapshot_refresh_s',
          value: Math.round(snapshotS * 10) / 10,
          unit: 's',
          better: 'lower',
          note: `released table for two years over the whole tree (disclosure control), stored; untimed for readers; ${scale}`,
        },
      ];
    },
    { poolSize: 4 },
  );
}
