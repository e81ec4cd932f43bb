import {
  SeededRandom,
  SufficientStatsAccumulator,
  fitRandomIntercept,
  rollUpSufficientStats,
  type UnitSufficientStats,
} from '../src/stats/index.ts';
import type { BenchRow } from './rows.ts';

/**
 * adjusted_national_report_core_s (the pure in-memory part; the real path from the database is
 * adjusted_national_report_s in bench/fairness.ts): a national year of 5,000,000 answers (overall rating 1–5) from 10,000
 * counselors in 700 offices, with four case-mix covariates, held as sufficient statistics per counselor
 * and month (built untimed with a seeded generator, as the intake would keep them). Timed: merging the 12
 * months per counselor, rolling counselors up to offices, and the two REML fits with case-mix adjusted
 * and shrunken estimates, intervals and reliability for every counselor and office.
 */
const ANSWERS = 5_000_000;
const COUNSELORS = 10_000;
const OFFICES = 700;
const MONTHS = 12;
const COVARIATES = ['refused_benefit', 'health_problem', 'age_under_30', 'first_meeting'];

function buildMonthlyStats(): { monthly: UnitSufficientStats[]; officeOf: Map<string, string> } {
  const random = new SeededRandom(20261123);
  const officeOf = new Map<string, string>();
  const officeEffect = Array.from({ length: OFFICES }, () => random.normal(0, 0.15));
  const counselorOffice = new Int32Array(COUNSELORS);
  const counselorEffect = new Float64Array(COUNSELORS);
  const hardness = new Float64Array(COUNSELORS);
  for (let c = 0; c < COUNSELORS; c++) {
    counselorOffice[c] = random.integer(OFFICES);
    counselorEffect[c] = officeEffect[counselorOffice[c]] + random.normal(0, 0.25);
    hardness[c] = random.next();
    officeOf.set(`c${c}`, `o${counselorOffice[c]}`);
  }
  const names = Array.from({ length: COUNSELORS }, (_, c) => `c${c}`);
  const perMonth = Array.from({ length: MONTHS }, () => new SufficientStatsAccumulator(COVARIATES));
  const x = new Float64Array(COVARIATES.length);
  for (let i = 0; i < ANSWERS; i++) {
    const c = random.integer(COUNSELORS);
    const h = hardness[c];
    x[0] = random.bernoulli(0.05 + 0.5 * h);
    x[1] = random.bernoulli(0.1 + 0.3 * h);
    x[2] = random.bernoulli(0.25);
    x[3] = random.bernoulli(0.2);
    const latent = 4 + counselorEffect[c] - 0.9 * x[0] - 0.4 * x[1] - 0.1 * x[2] + 0.1 * x[3] + random.normal(0, 0.9);
    perMonth[random.integer(MONTHS)].add(names[c], Math.min(5, Math.max(1, Math.round(latent))), x);
  }
  return { monthly: perMonth.flatMap((m) => m.units()), officeOf };
}

export async function run(): Promise<BenchRow[]> {
  const { monthly, officeOf } = buildMonthlyStats();
  const started = performance.now();
  const year = new SufficientStatsAccumulator(COVARIATES);
  for (const s of monthly) year.merge(s);
  const counselors = year.units();
  const offices = rollUpSufficientStats(counselors, (unit) => officeOf.get(unit)!, COVARIATES);
  const merged = performance.now();
  const counselorFit = fitRandomIntercept(counselors, { covariates: COVARIATES });
  const counselorsFitted = performance.now();
  const officeFit = fitRandomIntercept(offices, { covariates: COVARIATES });
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
  if (counselorFit.nAnswers !== ANSWERS || officeFit.nUnits !== OFFICES) throw new Error('bench: the simulated year is incomplete');
  return [
    {
      name: 'adjusted_national_report_core_s',
      value: Number(seconds.toFixed(3)),
      unit: 's',
      better: 'lower',
      note:
        `pure in-memory part only (the real path from the database is adjusted_national_report_s): ${ANSWERS} answers, ${COUNSELORS} counselors, ${OFFICES} offices, ${COVARIATES.length} case-mix covariates, one outcome; ` +
        `timed from per-counselor monthly sufficient statistics (${monthly.length} records): merge to a year, roll up to offices, ` +
        `REML fits at both levels with adjusted + shrunken estimates (merge+roll-up ${ms(started, merged)}, counselor fit ${ms(merged, counselorsFitted)}, office fit ${ms(counselorsFitted, finished)}; σ²b counselor ${counselorFit.betweenVariance.toFixed(4)}, office ${officeFit.betweenVariance.toFixed(4)})`,
    },
  ];
}
