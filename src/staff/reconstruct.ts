import { StatsInputError, twoSidedNormalP } from '../stats/index.ts';
import { significanceMarker, type StaffRespondent } from './analysis.ts';

export interface PublishedShare {
  item: string;
  /** Published percentage positive per group, rounded to whole percent. */
  percentByGroup: Record<string, number>;
}

export interface ReconstructedCount {
  item: string;
  group: string;
  /** Respondents who answered the item. */
  answered: number;
  positive: number;
}

/**
 * Answer counts that reproduce a published, rounded percentage for a group of `groupSize` respondents.
 * Prefers everyone answering; when no count out of `groupSize` rounds to the published percentage, item
 * non-response must have lowered n, so the largest n below it that does is used (positive count nearest
 * the published share).
 */
export function countsForPublishedPercent(percent: number, groupSize: number, maxNonResponse = 15): { answered: number; positive: number } {
  for (let answered = groupSize; answered >= Math.max(1, groupSize - maxNonResponse); answered--) {
    const positive = Math.round((percent / 100) * answered);
    for (const candidate of [positive, positive - 1, positive + 1]) {
      if (candidate >= 0 && candidate <= answered && Math.round((100 * candidate) / answered) === percent) {
        return { answered, positive: candidate };
      }
    }
  }
  throw new StatsInputError('out_of_range', `no count out of ${groupSize} (or up to ${maxNonResponse} fewer) rounds to ${percent} %`);
}

/**
 * Answer-level data reproducing published shares positive: per item and group, `positive` respondents
 * answer 4 or 5, the rest of those answering 1–3, and the remainder of the group gives no answer.
 * Which respondent gets which answer is arbitrary (the analysis per item does not depend on it).
 */
export function reconstructRespondents(
  published: readonly PublishedShare[],
  groupSizes: Record<string, number>,
): { respondents: StaffRespondent[]; items: string[]; counts: ReconstructedCount[] } {
  const items = published.map((p) => p.item);
  const respondents: StaffRespondent[] = [];
  const counts: ReconstructedCount[] = [];
  for (const [group, size] of Object.entries(groupSizes)) {
    const start = respondents.length;
    for (let i = 0; i < size; i++) respondents.push({ group, answers: new Array<number | null>(items.length).fill(null) });
    published.forEach((p, j) => {
      const percent = p.percentByGroup[group];
      if (percent === undefined) throw new StatsInputError('out_of_range', `item ${p.item}: no published share for group ${group}`);
      const { answered, positive } = countsForPublishedPercent(percent, size);
      counts.push({ item: p.item, group, answered, positive });
      for (let i = 0; i < answered; i++) {
        // Spread answer values so the block is not degenerate: positives alternate 4/5, the rest cycle 1–3.
        (respondents[start + i].answers as (number | null)[])[j] = i < positive ? 4 + (i % 2) : 1 + (i % 3);
      }
    });
  }
  return { respondents, items, counts };
}

/**
 * Wald p-value for the group coefficient of a logistic regression with one binary predictor, from the
 * 2×2 counts (identical to the IRLS fit: log odds ratio over √(1/a + 1/b + 1/c + 1/d)).
 */
export function twoGroupWaldP(positiveA: number, answeredA: number, positiveB: number, answeredB: number): number | null {
  const cells = [positiveA, answeredA - positiveA, positiveB, answeredB - positiveB];
  if (cells.some((c) => c <= 0)) return null;
  const logOddsRatio = Math.log(positiveB / (answeredB - positiveB)) - Math.log(positiveA / (answeredA - positiveA));
  const se = Math.sqrt(cells.reduce((s, c) => s + 1 / c, 0));
  return twoSidedNormalP(logOddsRatio / se);
}

export interface MarkerSensitivity {
  item: string;
  /** Markers reachable by some item non-response pattern consistent with the published percentages. */
  possibleMarkers: ('' | '*' | '**')[];
  pRange: { min: number; max: number };
}

/**
 * Which significance markers the published (rounded) percentages allow when each group's item n may be
 * below its column n by up to the given non-response: every (n, count) that rounds to the published
 * percentage is tried.
 */
export function markerSensitivity(
  percentA: number,
  sizeA: number,
  percentB: number,
  sizeB: number,
  item: string,
  maxNonResponse: { a: number; b: number } = { a: 15, b: 5 },
): MarkerSensitivity {
  const options = (percent: number, size: number, slack: number) => {
    const out: { answered: number; positive: number }[] = [];
    for (let answered = size; answered >= size - slack; answered--) {
      for (let positive = 0; positive <= answered; positive++) {
        if (Math.round((100 * positive) / answered) === percent) out.push({ answered, positive });
      }
    }
    return out;
  };
  const markers = new Set<'' | '*' | '**'>();
  let min = Infinity;
  let max = -Infinity;
  for (const a of options(percentA, sizeA, maxNonResponse.a)) {
    for (const b of options(percentB, sizeB, maxNonResponse.b)) {
      const p = twoGroupWaldP(a.positive, a.answered, b.positive, b.answered);
      if (p === null) continue;
      min = Math.min(min, p);
      max = Math.max(max, p);
      markers.add(significanceMarker(p));
    }
  }
  const order = ['**', '*', ''] as const;
  return { item, possibleMarkers: order.filter((m) => markers.has(m)), pRange: { min, max } };
}
