import { parse } from 'csv-parse/sync';
import { csvText } from '../files/csv.ts';
import { StatsInputError } from '../stats/index.ts';
import { hasControlCharacter } from '../validation/text.ts';
import type { GroupComparisonRow, ItemBlockAnalysis, StaffRespondent } from './analysis.ts';

export interface ParsedAnswers {
  items: string[];
  respondents: StaffRespondent[];
}

/** What was wrong with ANSWERS.csv, for a message in the reader's language (the English message is the error's own). */
export type AnswersCsvProblem =
  | { kind: 'invalid_csv'; line?: number; reason: string }
  | { kind: 'no_respondents' }
  | { kind: 'bad_header'; column: string }
  | { kind: 'no_group_column'; column: string; columns: string[] }
  | { kind: 'no_item_column'; column: string }
  | { kind: 'empty_group'; line: number; column: string }
  | { kind: 'control_character'; line: number; column: string }
  | { kind: 'bad_answer'; line: number; column: string; value: string };

/** A StatsInputError that also says, as data, which line and column of ANSWERS.csv is wrong. */
export class AnswersCsvError extends StatsInputError {
  constructor(
    code: ConstructorParameters<typeof StatsInputError>[0],
    message: string,
    readonly problem: AnswersCsvProblem,
  ) {
    super(code, message);
  }
}

export interface AnswersTable {
  header: string[];
  records: Record<string, string>[];
  /** Line of each record in the file (the header is line 1; blank lines count). */
  lines: number[];
}

/** Reads ANSWERS.csv into its header and records, refusing what is not a table with one header row. */
export function readAnswersTable(text: string): AnswersTable {
  let parsed: { record: Record<string, string>; info: { lines: number } }[];
  try {
    parsed = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AnswersCsvError('shape_mismatch', `ANSWERS.csv is not valid CSV: ${(error as Error).message}`, {
      kind: 'invalid_csv',
      ...(typeof line === 'number' ? { line } : {}),
      reason: (error as Error).message,
    });
  }
  const records = parsed.map((p) => p.record);
  if (records.length === 0) throw new AnswersCsvError('too_few_cases', 'ANSWERS.csv has no respondents', { kind: 'no_respondents' });
  const header = Object.keys(records[0]);
  const blank = header.find((c) => c === '');
  if (blank !== undefined)
    throw new AnswersCsvError('shape_mismatch', 'ANSWERS.csv has a column without a name in its header row', {
      kind: 'bad_header',
      column: '',
    });
  const lines = parsed.map((p) => p.info.lines);
  const badHeader = header.find((column) => hasControlCharacter(column));
  if (badHeader !== undefined) throw controlCharacterError(1, badHeader);
  records.forEach((record, i) => {
    const column = header.find((c) => hasControlCharacter(record[c] ?? ''));
    if (column !== undefined) throw controlCharacterError(lines[i], column);
  });
  return { header, records, lines };
}

function controlCharacterError(line: number, column: string): AnswersCsvError {
  const shown = JSON.stringify(column).slice(1, -1);
  return new AnswersCsvError('shape_mismatch', `ANSWERS.csv line ${line}, column "${shown}": the cell holds control characters`, {
    kind: 'control_character',
    line,
    column: shown,
  });
}

/** A column whose every cell is 1–5 or empty: an item, as opposed to background such as role or unit. */
export function looksLikeItem(table: AnswersTable, column: string): boolean {
  return table.records.every((r) => {
    const raw = r[column] ?? '';
    return raw === '' || ['1', '2', '3', '4', '5'].includes(raw);
  });
}

/**
 * Parse ANSWERS.csv: a header row, one row per respondent, the group column and one column per item
 * (1–5, empty = no answer). `itemColumns` picks the items; by default every column but the group.
 */
export function parseAnswersCsv(text: string, groupColumn: string, itemColumns?: readonly string[]): ParsedAnswers {
  const { header, records, lines } = readAnswersTable(text);
  if (!header.includes(groupColumn)) {
    throw new AnswersCsvError('out_of_range', `ANSWERS.csv has no column "${groupColumn}" (columns: ${header.join(', ')})`, {
      kind: 'no_group_column',
      column: groupColumn,
      columns: header,
    });
  }
  const items = itemColumns ? [...itemColumns] : header.filter((c) => c !== groupColumn);
  for (const item of items) {
    if (!header.includes(item))
      throw new AnswersCsvError('out_of_range', `ANSWERS.csv has no item column "${item}"`, { kind: 'no_item_column', column: item });
  }
  // Line numbers count the header as line 1, as a spreadsheet shows them.
  const respondents = records.map((record, i) => {
    const line = lines[i];
    if ((record[groupColumn] ?? '') === '') {
      throw new AnswersCsvError('out_of_range', `ANSWERS.csv line ${line}, column "${groupColumn}": the group is empty`, {
        kind: 'empty_group',
        line,
        column: groupColumn,
      });
    }
    return {
      group: record[groupColumn],
      answers: items.map((item) => {
        const raw = record[item];
        if (raw === '' || raw === undefined) return null;
        const value = Number(raw);
        if (!(Number.isInteger(value) && value >= 1 && value <= 5)) {
          throw new AnswersCsvError(
            'out_of_range',
            `ANSWERS.csv line ${line}, column "${item}": answer must be 1–5 or empty, got "${raw}" (use --items to pick the item columns)`,
            { kind: 'bad_answer', line, column: item, value: raw },
          );
        }
        return value;
      }),
    };
  });
  return { items, respondents };
}

function formatNumber(value: number | null, digits: number): string {
  if (value === null || Number.isNaN(value)) return '';
  return String(Number(value.toFixed(digits)));
}

/**
 * The columns of TABLE.csv. The first seven are the original contract; `status` was added after them
 * (reference, tested, not testable, suppressed), so scripts that read columns by name or by position still work.
 */
export const TABLE_COLUMNS = ['item', 'group', 'n', 'share_positive', 'predicted', 'p_value', 'marker', 'status'] as const;

/**
 * TABLE.csv: one row per item and group with exactly the columns of TABLE_COLUMNS. `p_value` stays a number for
 * R and spreadsheets (6 significant digits, e.g. 4.71682e-181, never the text "< 1e-15"); only a double that
 * underflows is written 0. It is empty where `status` is not `tested`.
 */
export function formatTableCsv(rows: readonly GroupComparisonRow[]): string {
  const lines = [TABLE_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        csvText(r.item),
        csvText(r.group),
        String(r.n),
        formatNumber(r.sharePositive, 6),
        formatNumber(r.predicted, 6),
        r.pValue === null ? '' : String(Number(r.pValue.toPrecision(6))),
        r.marker,
        r.status,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * The factor analysis of a block as CSV: one `loading` row per item (loadings per factor after varimax,
 * communality), then summary rows with a value per factor and, in `block`, for the whole block:
 * `ss_loadings`, `proportion_variance`, `cumulative_variance`, `alpha_raw`, `alpha_standardized` (Cronbach's
 * alpha of the items loading highest on each factor; the whole block's in `block`), `alpha_items`.
 */
export function formatFactorCsv(result: ItemBlockAnalysis, items: readonly string[]): string {
  const { factors, alphaPerFactor, alphaBlock } = result;
  const m = factors.ssLoadings.length;
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatNumber(v, 6));
  const lines = [['row', 'item', ...Array.from({ length: m }, (_, f) => `factor_${f + 1}`), 'communality', 'block'].join(',')];
  items.forEach((item, i) =>
    lines.push(['loading', csvText(item), ...factors.loadings[i].map((v) => num(v)), num(factors.communalities[i]), ''].join(',')),
  );
  const total = factors.ssLoadings.reduce((s, v) => s + v, 0);
  const summary: [string, (number | null)[], number | null][] = [
    ['ss_loadings', factors.ssLoadings, total],
    ['proportion_variance', factors.proportionVariance, total / items.length],
    ['cumulative_variance', factors.cumulativeVariance, null],
    ['alpha_raw', alphaPerFactor.map((a) => a.alpha?.raw ?? null), alphaBlock.raw],
    ['alpha_standardized', alphaPerFactor.map((a) => a.alpha?.standardized ?? null), alphaBlock.standardized],
    ['alpha_items', alphaPerFactor.map((a) => a.items.length), items.length],
  ];
  for (const [name, values, block] of summary) lines.push([name, '', ...values.map((v) => num(v)), '', num(block)].join(','));
  return lines.join('\n') + '\n';
}
