import { describe, expect, it } from 'vitest';
import {
  addMonths,
  detectDrops,
  median,
  robustSd,
  without,
  type DetectorParams,
  type MonthlySeries,
} from '../../src/monitoring/detector.ts';

const PARAMS: DetectorParams = { historyMonths: 6, bandMads: 3, minRelativeDrop: 0.4, minShareDrop: 0.2, minBaseline: 10 };
const JUDGED = '2026-07';

/** A series ending in the judged month: `registered[i]` and `invited[i]` for the months before it, then the judged month. */
function series(registered: number[], invited?: number[]): MonthlySeries {
  const out: MonthlySeries = new Map();
  registered.forEach((r, i) =>
    out.set(addMonths(JUDGED, i - registered.length + 1), { registered: r, invited: invited?.[i] ?? Math.round(r * 0.9) }),
  );
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32) and Poisson draws, for noise that is the same every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}
function binomial(random: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
}

describe('helpers', () => {
  it('median, robust sd and month arithmetic', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(robustSd([10, 10, 10, 10])).toBe(0);
    expect(robustSd([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 4);
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-07', -6)).toBe('2026-01');
  });

  it('the rest of a group is the total less the part', () => {
    const rest = without(series([100, 90]), series([40, 30]));
    expect(rest.get('2026-07')).toEqual({ registered: 60, invited: 54 });
  });
});

describe('registered meetings', () => {
  it('flags a real drop against the own history', () => {
    const flags = detectDrops(series([40, 42, 38, 41, 39, 43, 15]), null, JUDGED, PARAMS);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ metric: 'registered', observed: 15, expected: 40.5, seasonalFactor: 1 });
    expect(flags[0]!.lowerBound).toBeGreaterThan(15);
  });

  it('flags a counselor who stops registering altogether', () => {
    expect(detectDrops(series([30, 28, 33, 31, 29, 30, 0]), null, JUDGED, PARAMS).map((f) => f.metric)).toEqual(['registered']);
  });

  it('does not flag ordinary month-to-month noise', () => {
    expect(detectDrops(series([40, 35, 44, 38, 46, 41, 31]), null, JUDGED, PARAMS)).toEqual([]);
  });

  it('flags almost no one among many counselors with pure Poisson noise', () => {
    const random = rng(20260723);
    let flagged = 0;
    for (let i = 0; i < 1000; i++) {
      const mean = 10 + random() * 50;
      const counts = Array.from({ length: 7 }, () => poisson(random, mean));
      if (detectDrops(series(counts), null, JUDGED, PARAMS).length > 0) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(10);
  });

  it('does not flag a seasonal dip the rest of the office shares, but does without the reference', () => {
    const counselor = series([40, 42, 38, 41, 39, 43, 19]);
    const restOfOffice = series([400, 410, 395, 405, 398, 402, 190]);
    expect(detectDrops(counselor, restOfOffice, JUDGED, PARAMS)).toEqual([]);
    expect(detectDrops(counselor, null, JUDGED, PARAMS)).toHaveLength(1);
  });

  it('still flags a counselor who drops far more than the season explains', () => {
    const flags = detectDrops(series([40, 42, 38, 41, 39, 43, 4]), series([400, 410, 395, 405, 398, 402, 200]), JUDGED, PARAMS);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.seasonalFactor).toBeCloseTo(200 / 401, 6);
  });

  it('does not judge a history too small to tell', () => {
    expect(detectDrops(series([3, 4, 2, 5, 3, 4, 0]), null, JUDGED, PARAMS)).toEqual([]);
    // A new counselor: months before they started count as zero, so the baseline is small.
    expect(detectDrops(series([0, 0, 0, 0, 30, 35, 5]), null, JUDGED, PARAMS)).toEqual([]);
  });

  it('follows its parameters', () => {
    const history = series([40, 42, 38, 41, 39, 43, 20]);
    expect(detectDrops(history, null, JUDGED, PARAMS)).toHaveLength(1);
    expect(detectDrops(history, null, JUDGED, { ...PARAMS, minRelativeDrop: 0.6 })).toEqual([]);
    expect(detectDrops(history, null, JUDGED, { ...PARAMS, bandMads: 5 })).toEqual([]);
    expect(detectDrops(history, null, JUDGED, { ...PARAMS, minBaseline: 50 })).toEqual([]);
  });
});

describe('dispatch share', () => {
  it('flags a share that collapses while meetings stay level', () => {
    const flags = detectDrops(series([40, 40, 40, 40, 40, 40, 40], [36, 35, 37, 36, 36, 35, 16]), null, JUDGED, PARAMS);
    expect(flags.map((f) => f.metric)).toEqual(['dispatch_share']);
    expect(flags[0]!.observed).toBeCloseTo(0.4, 6);
    expect(flags[0]!.expected).toBeCloseTo(0.9, 6);
  });

  it('does not flag binomial noise in the share', () => {
    const random = rng(7);
    let flagged = 0;
    for (let i = 0; i < 500; i++) {
      const registered = Array.from({ length: 7 }, () => 15 + poisson(random, 25));
      const p = 0.6 + random() * 0.35;
      const invited = registered.map((n) => binomial(random, n, p));
      if (detectDrops(series(registered, invited), null, JUDGED, PARAMS).some((f) => f.metric === 'dispatch_share')) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(5);
  });

  it('does not flag a share dip the whole group shares (e.g. a delivery outage)', () => {
    const team = series([40, 40, 40, 40, 40, 40, 40], [36, 35, 37, 36, 36, 35, 18]);
    const rest = series([400, 400, 400, 400, 400, 400, 400], [360, 356, 362, 360, 358, 360, 180]);
    expect(detectDrops(team, rest, JUDGED, PARAMS)).toEqual([]);
    expect(detectDrops(team, null, JUDGED, PARAMS)).toHaveLength(1);
  });

  it('does not judge a share on a month with few meetings', () => {
    expect(
      detectDrops(series([40, 40, 40, 40, 40, 40, 8], [36, 36, 36, 36, 36, 36, 1]), null, JUDGED, PARAMS).map((f) => f.metric),
    ).toEqual(['registered']);
  });
});
