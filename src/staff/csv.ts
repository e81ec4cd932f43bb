import { parse } from 'csv-parse/sync';
import { StatsInputError } from '../stats/index.ts';
import type { GroupComparisonRow, StaffRespondent } from './analysis.ts';

export interface ParsedAnswers {
  items: string[];
  respondents: StaffRespondent[];
}

/**
 * Parse ANSWERS.csv: a header row, one row per respondent, the group column and one column per item
 * (1–5, empty = no answer). `itemColumns` picks the items; by default every column but the group.
 */
export function parseAnswersCsv(text: string, groupColumn: string, itemColumns?: readonly string[]): ParsedAnswers {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new StatsInputError('shape_mismatch', `ANSWERS.csv is not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new StatsInputError('too_few_cases', 'ANSWERS.csv has no respondents');
  const header = Object.keys(records[0]);
  if (!header.includes(groupColumn)) {
    throw new StatsInputError('out_of_range', `ANSWERS.csv has no column "${groupColumn}" (columns: ${header.join(', ')})`);
  }
  const items = itemColumns ? [...itemColumns] : header.filter((c) => c !== groupColumn);
  for (const item of items) {
    if (!header.includes(item)) throw new StatsInputError('out_of_range', `ANSWERS.csv has no item column "${item}"`);
  }
  const respondents = records.map((record, i) => ({
    group: record[groupColumn],
    answers: items.map((item) => {
      const raw = record[item];
      if (raw === '' || raw === undefined) return null;
      const value = Number(raw);
      if (!(Number.isInteger(value) && value >= 1 && value <= 5)) {
        // Row numbers count the header as line 1, as a spreadsheet shows them.
        throw new StatsInputError('out_of_range', `ANSWERS.csv line ${i + 2}, column "${item}": answer must be 1–5 or empty, got "${raw}" (use --items to pick the item columns)`);
      }
      return value;
    }),
  }));
  return { items, respondents };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function formatNumber(value: number | null, digits: number): string {
  if (value === null || Number.isNaN(value)) return '';
  return String(Number(value.toFixed(digits)));
}

export const TABLE_COLUMNS = ['item', 'group', 'n', 'share_positive', 'predicted', 'p_value', 'marker'] as const;

/** TABLE.csv: one row per item and group with exactly the columns of TABLE_COLUMNS. */
export function formatTableCsv(rows: readonly GroupComparisonRow[]): string {
  const lines = [TABLE_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push([
      csvField(r.item), csvField(r.group), String(r.n), formatNumber(r.sharePositive, 6), formatNumber(r.predicted, 6),
      r.pValue === null ? '' : String(Number(r.pValue.toPrecision(6))), r.marker,
    ].join(','));
  }
  return lines.join('\n') + '\n';
}
