import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { compareGroupsByItem } from '../../src/staff/analysis.ts';
import { markerSensitivity, reconstructRespondents, twoGroupWaldP } from '../../src/staff/reconstruct.ts';

const published: { item: string; pct_counselors: string; pct_leaders: string; stars: string }[] = parse(
  readFileSync(new URL('../../reference/staff/staff-attitudes-seed000-tabell1.csv', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n'),
  { columns: true },
);

describe('seed 000, Tabell 1: leaders vs counselors, reproduced from answer-level data', () => {
  const shares = published.map((r) => ({
    item: r.item,
    percentByGroup: { counselors: Number(r.pct_counselors), leaders: Number(r.pct_leaders) },
  }));
  const { respondents, items, counts } = reconstructRespondents(shares, { counselors: 432, leaders: 49 });
  const table = compareGroupsByItem(respondents, items, { referenceGroup: 'counselors' });

  it('the rebuilt data reproduce every published percentage (n = 432 counselors, 49 leaders)', () => {
    expect(respondents.filter((r) => r.group === 'counselors')).toHaveLength(432);
    expect(respondents.filter((r) => r.group === 'leaders')).toHaveLength(49);
    for (const r of published) {
      for (const [group, column] of [
        ['counselors', 'pct_counselors'],
        ['leaders', 'pct_leaders'],
      ] as const) {
        const row = table.find((t) => t.item === r.item && t.group === group)!;
        expect(Math.round(100 * row.sharePositive)).toBe(Number(r[column]));
        // Group as the only predictor: the model's predicted proportions are the observed shares.
        expect(row.predicted).toBeCloseTo(row.sharePositive, 8);
      }
    }
  });

  it('reports item by item whether the significance markers match the published ones', () => {
    const lines: string[] = [];
    let matches = 0;
    for (const r of published) {
      const leaders = table.find((t) => t.item === r.item && t.group === 'leaders')!;
      const itemCounts = counts
        .filter((c) => c.item === r.item)
        .map((c) => `${c.group} ${c.positive}/${c.answered}`)
        .join(', ');
      const sensitivity = markerSensitivity(Number(r.pct_counselors), 432, Number(r.pct_leaders), 49, r.item);
      const match = leaders.marker === r.stars;
      if (match) matches++;
      lines.push(
        `item ${r.item.padStart(2)}: ${itemCounts}; p = ${leaders.pValue!.toFixed(4)}; ours '${leaders.marker}' published '${r.stars}' ` +
          `${match ? 'MATCH' : 'DIFFER'}; markers possible under non-response: ${sensitivity.possibleMarkers.map((m) => `'${m}'`).join(' ')} ` +
          `(p ${sensitivity.pRange.min.toFixed(4)}–${sensitivity.pRange.max.toFixed(4)})`,
      );
      // The published marker must be among those the published percentages allow.
      expect(sensitivity.possibleMarkers).toContain(r.stars);
      // The closed-form Wald p equals the logistic regression's.
      const c = counts.filter((x) => x.item === r.item);
      expect(twoGroupWaldP(c[0].positive, c[0].answered, c[1].positive, c[1].answered)).toBeCloseTo(leaders.pValue!, 8);
    }
    console.log(`seed 000 Tabell 1: ${matches} of ${published.length} markers match\n${lines.join('\n')}`);
    expect(matches).toBeGreaterThanOrEqual(12);
  });
});
