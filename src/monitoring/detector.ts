/**
 * Monitoring for selection: flags a counselor or team whose registered meetings, or whose dispatch
 * share (invitations sent / meetings registered), drops sharply against their own history. In the
 * pilot, counselors chose whom to invite; here invitations are automatic, so the remaining ways to
 * select are to stop registering meetings or to have them excluded. A flag asks the administrator
 * to look; it is not a verdict (a holiday month or a long sick leave looks the same).
 *
 * The rule, for the judged month M and the H months before it (H = MONITORING_HISTORY_MONTHS):
 *
 * 1. Baseline: the median of the subject's own H monthly values (a month without meetings counts 0),
 *    spread: the robust standard deviation 1.4826 × MAD of the same values.
 * 2. Seasonality: a dip everyone shares (summer, Christmas) is not selection. A reference series —
 *    the rest of the subject's group (the office without this counselor; the nation without this
 *    team) — gives a factor s = reference(M) / median(reference over the H months); the expectation
 *    is baseline × s and the spread is scaled by s too.
 * 3. Noise floor: counts vary at least like Poisson (sd ≥ √expected), shares at least binomially
 *    (sd ≥ √(p(1−p)/n)), so a very steady history does not make every small wobble significant.
 * 4. Flag when the observed value is below expected − B × sd (B = MONITORING_BAND_MADS) AND the drop
 *    is material: for counts at least MONITORING_MIN_RELATIVE_DROP of the expectation, for shares at
 *    least MONITORING_MIN_SHARE_DROP share points.
 * 5. Too little to judge: a baseline under MONITORING_MIN_BASELINE meetings a month; for the share,
 *    also a judged month with fewer meetings than that, or fewer than 3 history months with meetings.
 */

export interface DetectorParams {
  historyMonths: number;
  bandMads: number;
  minRelativeDrop: number;
  minShareDrop: number;
  minBaseline: number;
}

/** One subject's counts per month; months not present count as zero. Keys are 'YYYY-MM'. */
export type MonthlySeries = Map<string, { registered: number; invited: number }>;

export type Metric = 'registered' | 'dispatch_share';

export interface DropFlag {
  metric: Metric;
  month: string;
  observed: number;
  expected: number;
  /** The lower edge of the band: observed below this (and materially so) is flagged. */
  lowerBound: number;
  baseline: number;
  seasonalFactor: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Robust standard deviation: 1.4826 × the median absolute deviation (equals σ for normal data). */
export function robustSd(values: number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/** 'YYYY-MM' of the month `offset` months from `month`. */
export function addMonths(month: string, offset: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function historyMonths(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(month, i - count));
}

const at = (series: MonthlySeries, month: string) => series.get(month) ?? { registered: 0, invited: 0 };

function registeredDrop(subject: MonthlySeries, reference: MonthlySeries | null, month: string, p: DetectorParams): DropFlag | null {
  const months = historyMonths(month, p.historyMonths);
  const history = months.map((m) => at(subject, m).registered);
  const baseline = median(history);
  if (!(baseline >= p.minBaseline)) return null;
  let seasonalFactor = 1;
  if (reference) {
    const referenceBaseline = median(months.map((m) => at(reference, m).registered));
    if (referenceBaseline > 0) seasonalFactor = at(reference, month).registered / referenceBaseline;
  }
  const expected = baseline * seasonalFactor;
  const sd = Math.max(robustSd(history) * seasonalFactor, Math.sqrt(expected));
  const lowerBound = expected - p.bandMads * sd;
  const observed = at(subject, month).registered;
  const material = observed <= expected * (1 - p.minRelativeDrop);
  return observed < lowerBound && material
    ? { metric: 'registered', month, observed, expected, lowerBound, baseline, seasonalFactor }
    : null;
}

function shareOf(counts: { registered: number; invited: number }): number | null {
  return counts.registered > 0 ? counts.invited / counts.registered : null;
}

function shareDrop(subject: MonthlySeries, reference: MonthlySeries | null, month: string, p: DetectorParams): DropFlag | null {
  const months = historyMonths(month, p.historyMonths);
  const now = at(subject, month);
  const observed = shareOf(now);
  if (observed === null || now.registered < p.minBaseline) return null;
  const history = months.map((m) => shareOf(at(subject, m))).filter((s): s is number => s !== null);
  if (history.length < 3) return null;
  if (median(months.map((m) => at(subject, m).registered)) < p.minBaseline) return null;
  const baseline = median(history);
  let seasonalFactor = 1;
  if (reference) {
    const referenceHistory = months.map((m) => shareOf(at(reference, m))).filter((s): s is number => s !== null);
    const referenceNow = shareOf(at(reference, month));
    const referenceBaseline = median(referenceHistory);
    if (referenceNow !== null && referenceBaseline > 0) seasonalFactor = referenceNow / referenceBaseline;
  }
  const expected = Math.min(1, baseline * seasonalFactor);
  const sd = Math.max(robustSd(history) * seasonalFactor, Math.sqrt((expected * (1 - expected)) / now.registered));
  const lowerBound = expected - p.bandMads * sd;
  const material = expected - observed >= p.minShareDrop;
  return observed < lowerBound && material
    ? { metric: 'dispatch_share', month, observed, expected, lowerBound, baseline, seasonalFactor }
    : null;
}

/** The flags (zero, one or both metrics) for one subject in the judged month. */
export function detectDrops(subject: MonthlySeries, reference: MonthlySeries | null, month: string, params: DetectorParams): DropFlag[] {
  return [registeredDrop(subject, reference, month, params), shareDrop(subject, reference, month, params)].filter(
    (f): f is DropFlag => f !== null,
  );
}

/** The series of everything in `total` that is not in `part` (the rest of a group). */
export function without(total: MonthlySeries, part: MonthlySeries): MonthlySeries {
  const rest: MonthlySeries = new Map();
  for (const [month, counts] of total) {
    const mine = at(part, month);
    rest.set(month, { registered: counts.registered - mine.registered, invited: counts.invited - mine.invited });
  }
  return rest;
}

export function paramsFrom(config: {
  MONITORING_HISTORY_MONTHS: number;
  MONITORING_BAND_MADS: number;
  MONITORING_MIN_RELATIVE_DROP: number;
  MONITORING_MIN_SHARE_DROP: number;
  MONITORING_MIN_BASELINE: number;
}): DetectorParams {
  return {
    historyMonths: config.MONITORING_HISTORY_MONTHS,
    bandMads: config.MONITORING_BAND_MADS,
    minRelativeDrop: config.MONITORING_MIN_RELATIVE_DROP,
    minShareDrop: config.MONITORING_MIN_SHARE_DROP,
    minBaseline: config.MONITORING_MIN_BASELINE,
  };
}
