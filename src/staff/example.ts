import { SeededRandom } from '../stats/random.ts';
import { toCsv } from '../files/csv.ts';
import { reconstructRespondents } from './reconstruct.ts';

/**
 * An ANSWERS.csv to download and try: the staff survey of the national pilot (seed 000, Tabell 1) as
 * it could have looked, 432 counselors and 49 leaders answering 14 statements on a 1–5 scale. Each
 * group's share answering 4 or 5 on each statement rounds to the published one (where no count of the
 * whole group does, a few answers are blank, as in any survey), so the analysis page gives back the
 * table of the report. Generated, not real answers; the same file every time.
 */

/** Published shares answering 4 or 5, counselors then leaders, statements 1–14 (seed 000, Tabell 1). */
const PUBLISHED: ReadonlyArray<readonly [number, number]> = [
  [50, 70],
  [53, 72],
  [62, 57],
  [70, 79],
  [50, 52],
  [66, 72],
  [57, 44],
  [59, 78],
  [29, 19],
  [44, 52],
  [16, 24],
  [48, 58],
  [27, 24],
  [75, 88],
];
const GROUPS = [
  { name: 'veileder', n: 432 },
  { name: 'leder', n: 49 },
] as const;
export const EXAMPLE_GROUP_COLUMN = 'rolle';
export const EXAMPLE_ITEMS = PUBLISHED.map((_, i) => `p${String(i + 1).padStart(2, '0')}`);

export function exampleAnswersCsv(): string {
  // The counts behind each rounded percentage, as the analysis of the report itself reconstructs them.
  const { respondents } = reconstructRespondents(
    EXAMPLE_ITEMS.map((item, i) => ({ item, percentByGroup: { [GROUPS[0].name]: PUBLISHED[i][0], [GROUPS[1].name]: PUBLISHED[i][1] } })),
    Object.fromEntries(GROUPS.map((g) => [g.name, g.n])),
  );
  // In the order a survey tool would give them, not group by group.
  const random = new SeededRandom(2026);
  const rows = respondents.map((r) => ({
    key: random.next(),
    row: Object.fromEntries([
      [EXAMPLE_GROUP_COLUMN, r.group],
      ...EXAMPLE_ITEMS.map((item, i) => [item, r.answers[i] ?? ''] as const),
    ]) as Record<string, string | number>,
  }));
  rows.sort((a, b) => a.key - b.key);
  const columns: string[] = [EXAMPLE_GROUP_COLUMN, ...EXAMPLE_ITEMS];
  return toCsv(
    rows.map((r) => r.row),
    columns,
  );
}
