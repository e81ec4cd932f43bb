/**
 * Figures with disclosure control built in: a figure that rests on fewer than k answers is not
 * computed into the output at all — it becomes `{ suppressed: true }` — so no page, export or API
 * can leak it by mistake.
 */

export interface ScaleTally {
  /** Answers on the 1..6 scale (don't-know excluded). */
  n: number;
  sum: number;
  /** Answers agreeing: AGREE_FROM or more (instrument/instrument.ts). */
  positive: number;
  /** Counts per scale value 1..6 (index 0 = value 1). */
  distribution?: number[];
  dontKnow: number;
}

/**
 * Why a figure is not shown: fewer than k answers; withheld so that it cannot be combined with other
 * figures to reveal a small group; or its period has not closed yet (time/closing.ts).
 */
export type SuppressionReason = 'too_few_answers' | 'disclosure_control' | 'period_open';

export type Figure =
  | { suppressed: true; reason: SuppressionReason; n_min: number }
  | { suppressed: false; n: number; mean: number; share_positive: number; dont_know: number; distribution?: number[] };

export function figureFrom(tally: ScaleTally, k: number): Figure {
  if (tally.n < k) return { suppressed: true, reason: 'too_few_answers', n_min: k };
  return {
    suppressed: false,
    n: tally.n,
    mean: round(tally.sum / tally.n, 2),
    share_positive: round(tally.positive / tally.n, 3),
    dont_know: tally.dontKnow,
    ...(tally.distribution ? { distribution: tally.distribution } : {}),
  };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Fisher–Yates with a seeded generator, so a batch's order is stable between reloads but says nothing
 * about time. The seed is made of names anyone can know and the generator is this code, so the
 * permutation can be undone: it is applied to the items in an order of their content alone (sorted by
 * their JSON), never to the order the database returned them in, which follows when they arrived.
 */
export function shuffled<T>(items: T[], seed: string): T[] {
  let state = 2166136261;
  for (const ch of seed) state = Math.imul(state ^ ch.charCodeAt(0), 16777619) >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out = items
    .map((item) => ({ item, key: JSON.stringify(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ item }) => item);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A count that is not a figure of answers but is released under the same threshold: the number
 * from k (thresholds.answers) up, null below ("fewer than k"). Kollegaveiledning's sessions held per
 * office and tertial go through here, so every number a reader is shown has one rule.
 */
export function releasedCount(n: number, thresholds: { answers: number }): number | null {
  return n >= thresholds.answers ? n : null;
}
