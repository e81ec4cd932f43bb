import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { loadUnitTree } from '../src/access/actor.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { officeOfUnits, readCounselorSums, readFits, refreshFits, yearStatsVersion } from '../src/fairness/fits.ts';
import { counselorFairReport, counselorReportFromFits, officeFairReport, officeReportFromFits, treeKey } from '../src/fairness/report.ts';
import { loadYearStats, refreshFairnessStats } from '../src/fairness/store.ts';
import { ensureInstrument, NATIONAL_INSTRUMENT } from '../src/instrument/instrument.ts';
import type { BenchRow } from './rows.ts';
import { withBenchDatabase } from './support.ts';

/**
 * The fair comparison on its real path, on PostgreSQL: a national year of answers (5,000,000 by default;
 * FAIR_BENCH_ANSWERS to change) from 10,000 counselors in 700 offices, with the six case-mix fields recorded (some
 * missing), generated in SQL (untimed). Timed:
 * - fair_full_refresh_s: building every month's and the year's compact statistics from scratch;
 * - fair_fits_refresh_s: the worker fitting both levels for every item and keeping the fits;
 * - fair_incremental_refresh_s: after 5,000 new answers arrive in one month: that month recomputed, the year moved;
 * - adjusted_national_report_s: the office report a national analyst opens, computed from the database with no
 *   kept fit (what a reader pays when the worker's fits are stale): organisation, the year's statistics, REML fits for
 *   every item (adjusted, unadjusted, with innsatsgruppe), report data; median of 3 (first run in the note);
 * - adjusted_national_report_kept_s: the same report with the worker's kept fits (the usual path);
 * - fair_counselor_report_s / fair_counselor_report_kept_s: one counselor's own report, fitted on all 10,000
 *   counselors from the year's statistics, or from the kept counselor-level fit and that counselor's own sums.
 */
const ANSWERS = Number(process.env.FAIR_BENCH_ANSWERS ?? 5_000_000);
const COUNSELORS = 10_000;
const OFFICES = 700;

/** Answers in SQL: counselors with their own effect and their own share of "hard" users. */
async function generate(handle: DatabaseHandle, answers: number, month: string | null, seed: number): Promise<void> {
  await sql`select setseed(${seed})`.execute(handle.db);
  await sql`
    insert into response (instrument_id, instrument_version, counselor_id, unit_id, month, channel, meeting_kind, language,
                          age_band, innsatsgruppe, benefit, recent_adverse_decision, interpreter_used, first_meeting, answers, overall, nav_general)
    select 'national', 1, 'c' || c, 'o' || (c % ${OFFICES}),
           coalesce(${month}::date, date '2025-01-01' + (floor(random() * 12)::int * interval '1 month'))::date,
           (array['in_person', 'in_person', 'in_person', 'phone', 'video', 'digital_dialogue'])[1 + floor(random() * 6)::int], 'follow_up', 'nb',
           (array['18_29', '30_39', '40_49', '50_66', '67_plus', null])[1 + floor(random() * 6)::int],
           (array['standard', 'situasjonsbestemt', 'spesielt_tilpasset', 'varig_tilpasset', null])[1 + floor(random() * 5)::int],
           (array['none', 'aap', 'dagpenger', 'sykepenger', 'uforetrygd', 'sosialhjelp', 'other', null])[1 + floor(random() * 8)::int],
           case when random() < 0.05 then null else adverse end,
           random() < 0.05, case when random() < 0.2 then null else random() < 0.2 end,
           array[v(latent), v(latent), v(latent), v(latent), v(latent), v(latent)]::smallint[],
           v(latent), v(latent - 0.8)
    from (
      select c, adverse, 4.3 + ((c * 7919) % 101 - 50) / 200.0 - case when adverse then 0.9 else 0 end as latent
      from (select floor(random() * ${COUNSELORS})::int as c, g from generate_series(1, ${answers}) g) picked,
           lateral (select random() < 0.05 + 0.4 * ((c * 104729) % 97) / 97.0 as adverse) a
    ) s`.execute(handle.db);
}

async function timed<T>(runs: number, body: () => Promise<T>): Promise<{ median: number; first: number; result: T }> {
  const seconds: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await body();
    seconds.push((performance.now() - started) / 1000);
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  return { median: sorted[Math.floor(runs / 2)], first: seconds[0], result };
}

export async function run(): Promise<BenchRow[]> {
  return withBenchDatabase(
    'postgres',
    async (handle) => {
      const db = handle.db;
      await ensureInstrument(db, NATIONAL_INSTRUMENT);
      // v(x): one answer around x, 1..6, "don't know" now and then.
      await sql`create function v(x numeric) returns smallint language sql volatile as $$
      select case when random() < 0.05 then null else greatest(1, least(6, round(x + (random() + random() + random() - 1.5) * 1.6)))::smallint end $$`.execute(
        db,
      );
      await sql`insert into unit (id, kind, name, parent_id) values ('n', 'nation', 'Nation', null), ('f', 'county', 'Fylke', 'n')`.execute(
        db,
      );
      await sql`insert into unit (id, kind, name, parent_id) select 'o' || i, 'office', 'Office ' || lpad(i::text, 3, '0'), 'f' from generate_series(0, ${OFFICES - 1}) i`.execute(
        db,
      );
      await sql`insert into employee (id, name, unit_id, role) select 'c' || i, 'Counselor ' || i, 'o' || (i % ${OFFICES}), 'counselor' from generate_series(0, ${COUNSELORS - 1}) i`.execute(
        db,
      );

      const generated = performance.now();
      await generate(handle, ANSWERS, null, 0.42);
      await sql`analyze response`.execute(db);
      const generateS = (performance.now() - generated) / 1000;

      let started = performance.now();
      const full = await refreshFairnessStats(db);
      const fullS = (performance.now() - started) / 1000;
      started = performance.now();
      const fitted = await refreshFits(db);
      const fitsS = (performance.now() - started) / 1000;
      if (fitted.length !== 2) throw new Error(`bench: expected fits at two levels, got ${fitted.length}`);

      await generate(handle, 5000, '2025-06-01', 0.17);
      started = performance.now();
      const incremental = await refreshFairnessStats(db);
      const incrementalS = (performance.now() - started) / 1000;
      if (incremental.months.length !== 1) throw new Error(`bench: expected one dirty month, got ${incremental.months.length}`);
      started = performance.now();
      await refreshFits(db);
      const refitS = (performance.now() - started) / 1000;
      const monthAnswers = Number(
        (await sql<{ n: number }>`select count(*)::int as n from response where month = '2025-06-01'`.execute(db)).rows[0].n,
      );

      const key = { instrumentId: 'national', instrumentVersion: 1, year: 2025 };
      let loadMs = 0;
      const office = await timed(3, async () => {
        const t0 = performance.now();
        const tree = await loadUnitTree(db);
        const stats = await loadYearStats(db, key);
        loadMs = performance.now() - t0;
        const offices = [...tree.values()].filter((u) => u.kind === 'office').map((u) => ({ id: u.id, name: u.name }));
        return officeFairReport({ stats, tree, instrument: NATIONAL_INSTRUMENT, lang: 'nb', offices, minAnswers: 5 });
      });
      const report = office.result;
      if (report.items.some((i) => i.unavailable !== null || i.figures.length !== OFFICES))
        throw new Error('bench: office report incomplete');
      const officeKept = await timed(3, async () => {
        const tree = await loadUnitTree(db);
        const { generation } = await yearStatsVersion(db, key);
        const fits = await readFits(db, key, 'office', generation, treeKey(tree));
        if (!fits) throw new Error('bench: no kept office fits');
        const offices = [...tree.values()].filter((u) => u.kind === 'office').map((u) => ({ id: u.id, name: u.name }));
        return officeReportFromFits(fits, { instrument: NATIONAL_INSTRUMENT, lang: 'nb', offices, minAnswers: 5 });
      });
      if (!isDeepStrictEqual(officeKept.result, report)) throw new Error('bench: kept office fits differ from fitting afresh');

      const counselor = await timed(3, async () =>
        counselorFairReport({
          stats: await loadYearStats(db, key),
          tree: await loadUnitTree(db),
          instrument: NATIONAL_INSTRUMENT,
          lang: 'nb',
          counselors: [{ id: 'c17', name: 'c17' }],
          minAnswers: 5,
        }),
      );
      if (counselor.result.items.some((i) => i.figures[0].suppressed)) throw new Error('bench: counselor report incomplete');
      const counselorKept = await timed(3, async () => {
        const { generation } = await yearStatsVersion(db, key);
        const tree = await loadUnitTree(db);
        const fits = await readFits(db, key, 'counselor', generation, treeKey(tree));
        if (!fits) throw new Error('bench: no kept counselor fits');
        const own = await readCounselorSums(db, key, 'c17');
        return counselorReportFromFits(fits, {
          instrument: NATIONAL_INSTRUMENT,
          lang: 'nb',
          counselors: [{ id: 'c17', name: 'c17', items: own.items, office: officeOfUnits(tree, own.units) }],
          minAnswers: 5,
        });
      });
      if (!isDeepStrictEqual(counselorKept.result, counselor.result))
        throw new Error('bench: kept counselor fit differs from fitting afresh');

      const overall = report.items[0].model!;
      const answers = overall.answers;
      const scale = `${ANSWERS} answers (generated in SQL in ${generateS.toFixed(0)} s; ${answers} rated the overall item), ${COUNSELORS} counselors, ${OFFICES} offices, ${report.items.length} items, ${overall.covariates.length} case-mix columns in the model (+ innsatsgruppe apart)`;
      const runs = (t: { first: number }) => `median of 3, first ${t.first.toFixed(2)} s`;
      const s2 = (v: number) => Number(v.toFixed(2));
      const s3 = (v: number) => Number(v.toFixed(3));
      return [
        {
          name: 'fair_full_refresh_s',
          value: s2(fullS),
          unit: 's',
          better: 'lower',
          note: `postgres: ${full.months.length} months and the year of compact statistics built from scratch (answers read month by month, summed in the worker); ${scale}`,
        },
        {
          name: 'fair_fits_refresh_s',
          value: s2(fitsS),
          unit: 's',
          better: 'lower',
          note: `postgres: the worker fitting the nested model (1 | office/counselor) for every item (adjusted, unadjusted, with innsatsgruppe) and keeping both levels' fits; ${scale}`,
        },
        {
          name: 'fair_incremental_refresh_s',
          value: s2(incrementalS),
          unit: 's',
          better: 'lower',
          note: `postgres: 5,000 new answers in one month: that month (${monthAnswers} answers) recomputed and the year moved by its change, in the worker; refitting both levels after it ${refitS.toFixed(2)} s; ${scale}`,
        },
        {
          name: 'adjusted_national_report_s',
          value: s3(office.median),
          unit: 's',
          target: 5,
          better: 'lower',
          note: `postgres: the office report a national analyst opens, from the database with no kept fit: organisation and the year's compact statistics (${loadMs.toFixed(0)} ms), nested REML fits for every item (adjusted, unadjusted, with innsatsgruppe), report data for every office; ${runs(office)}; ${scale}`,
        },
        {
          name: 'adjusted_national_report_kept_s',
          value: s3(officeKept.median),
          unit: 's',
          target: 1,
          better: 'lower',
          note: `postgres: the report as a reader gets it: the same office report from the fits the worker kept (organisation, statistics generation, kept fits, report data); ${runs(officeKept)}; ${scale}`,
        },
        {
          name: 'fair_counselor_report_s',
          value: s3(counselor.median),
          unit: 's',
          better: 'lower',
          note: `postgres: one counselor's own report with no kept fit: the year's statistics loaded and the nested model fitted on all ${COUNSELORS} counselors in ${OFFICES} offices for every item (adjusted, unadjusted, with innsatsgruppe); ${runs(counselor)}; ${scale}`,
        },
        {
          name: 'fair_counselor_report_kept_s',
          value: s3(counselorKept.median),
          unit: 's',
          better: 'lower',
          note: `postgres: one counselor's own report from the kept nested fits (their office's effect) and that counselor's own sums read out of the year rows; ${runs(counselorKept)}; ${scale}`,
        },
      ];
    },
    { poolSize: 4 },
  );
}
