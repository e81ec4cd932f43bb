import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { StaffRespondent } from '../../src/staff/analysis.ts';
import { reconstructRespondents } from '../../src/staff/reconstruct.ts';
import { SeededRandom } from '../../src/stats/index.ts';

/** ANSWERS.csv for respondents: the group column, then one column per item (empty = no answer). */
export function answersCsv(groupColumn: string, items: readonly string[], respondents: readonly StaffRespondent[]): string {
  return (
    [
      [groupColumn, ...items].join(','),
      ...respondents.map((r) => [r.group, ...r.answers.map((a) => (a === null ? '' : String(a)))].join(',')),
    ].join('\n') + '\n'
  );
}

/**
 * Seed 000's Tabell 1 as answer-level data (432 counselors, 49 leaders), rebuilt from the committed
 * published percentages in reference/staff, exactly as test/staff/seed000.test.ts does.
 */
export function seed000Answers(): { csv: string; items: string[] } {
  const published: { item: string; pct_counselors: string; pct_leaders: string }[] = parse(
    readFileSync(new URL('../../reference/staff/staff-attitudes-seed000-tabell1.csv', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n'),
    { columns: true },
  );
  const shares = published.map((r) => ({
    item: `item${r.item}`,
    percentByGroup: { counselors: Number(r.pct_counselors), leaders: Number(r.pct_leaders) },
  }));
  const { respondents, items } = reconstructRespondents(shares, { counselors: 432, leaders: 49 });
  return { csv: answersCsv('role', items, respondents), items };
}

/**
 * A staff survey with a background column besides the group (unit), three roles of which one is tiny, and a
 * block of 8 «målekort» items driven by one attitude and 3 «leders fokus» items by another (as seed 002).
 */
export function blockAnswers(): string {
  const random = new SeededRandom(11);
  const toScale = (v: number) => Math.min(5, Math.max(1, Math.round(3 + v)));
  const items = [...Array.from({ length: 8 }, (_, i) => `malekort${i + 1}`), 'fokus1', 'fokus2', 'fokus3'];
  const rows = [['unit', 'role', ...items].join(',')];
  for (let i = 0; i < 300; i++) {
    const role = i < 3 ? 'direktør' : i % 5 === 0 ? 'leder' : 'veileder';
    const scorecard = random.normal() + (role === 'leder' ? 0.8 : 0);
    const leaderFocus = 0.3 * scorecard + random.normal(0, 0.95);
    const answers = [
      ...Array.from({ length: 8 }, () => toScale(0.9 * scorecard + random.normal(0, 0.5))),
      ...Array.from({ length: 3 }, () => toScale(0.9 * leaderFocus + random.normal(0, 0.6))),
    ];
    rows.push([`NAV ${1 + (i % 4)}`, role, ...answers].join(','));
  }
  return rows.join('\n') + '\n';
}
