import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvText, toCsv } from '../../src/files/csv.ts';
import { writeTableCsv } from '../../src/qmethod/formats.ts';
import { parseAnswersCsv } from '../../src/staff/csv.ts';
import { compareGroupsByItem } from '../../src/staff/analysis.ts';
import { formatTableCsv } from '../../src/staff/csv.ts';

/** Every CSV the product writes goes through one writer: a cell a spreadsheet would run as a formula never leaves as one. */
const HOSTILE = ['=HYPERLINK("http://x","klikk")', '+47 1', '-2+3', '@SUM(A1)', '\tx'];

describe('the CSV writer', () => {
  it('puts an apostrophe before a leading =, +, -, @ or tab in text, and reads back as the same table', () => {
    for (const value of HOSTILE) {
      const cell = csvText(value);
      const [[read]] = parse(cell + '\n', { relax_quotes: false }) as string[][];
      expect(read).toBe(`'${value}`);
    }
    expect(csvText('NAV Fjordby')).toBe('NAV Fjordby');
    expect(csvText('a;b')).toBe('"a;b"');
  });

  it('leaves numbers as numbers (a negative number is not text)', () => {
    expect(toCsv([{ a: -0.5, b: 'x', c: null, d: true }], ['a', 'b', 'c', 'd'])).toBe('a,b,c,d\r\n-0.5,x,,yes\r\n');
  });

  it('guards the Q-method tables and the staff TABLE.csv alike', () => {
    const q = writeTableCsv('statement', ['=P1'], ['@s1'], [['-x']]);
    expect(parse(q) as string[][]).toEqual([
      ['statement', "'=P1"],
      ["'@s1", "'-x"],
    ]);
    const answers = ['group,=cmd', ...Array.from({ length: 12 }, (_, i) => `${i % 2 ? '+lead' : 'staff'},${(i % 5) + 1}`)].join('\n');
    const parsed = parseAnswersCsv(answers, 'group');
    const table = formatTableCsv(compareGroupsByItem(parsed.respondents, parsed.items, { minAnswers: 1 }));
    const cells = (parse(table) as string[][]).flat();
    expect(cells.some((c) => /^[=+@]/.test(c))).toBe(false);
    expect(cells).toContain("'=cmd");
    expect(cells).toContain("'+lead");
  });
});
