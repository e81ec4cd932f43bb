import { compareGroupsByItem, groupSizes, type GroupComparisonRow } from './analysis.ts';
import { formatTableCsv, parseAnswersCsv, type ParsedAnswers } from './csv.ts';

export interface StaffTableInput {
  /** ANSWERS.csv as text. */
  csv: string;
  group: string;
  /** Item columns (default: every column but the group). */
  items?: readonly string[];
  reference?: string;
  /** MIN_ANSWERS: groups with fewer respondents are left out, cells with fewer answers are blank. */
  minAnswers: number;
}

export interface StaffTable {
  parsed: ParsedAnswers;
  rows: GroupComparisonRow[];
  /** TABLE.csv, exactly as the command line writes it. */
  csv: string;
  /** Groups shown, largest first, with their respondents. */
  groups: { group: string; n: number }[];
  /** The group the others are compared with: the one asked for, else the largest. */
  reference: string;
  /** How many groups (and respondents) were left out for having fewer than minAnswers respondents. */
  leftOut: { groups: number; respondents: number };
}

/**
 * ANSWERS.csv → the seed-000 table and TABLE.csv. The one code path behind both
 * `brukerstemme staff analyze` and the web page's download, so the two cannot drift.
 */
export function staffTable(input: StaffTableInput): StaffTable {
  const parsed = parseAnswersCsv(input.csv, input.group, input.items);
  const rows = compareGroupsByItem(parsed.respondents, parsed.items, { referenceGroup: input.reference, minAnswers: input.minAnswers });
  const sizes = groupSizes(parsed.respondents);
  const small = sizes.filter((s) => s.n < input.minAnswers);
  const shown = sizes.filter((s) => s.n >= input.minAnswers);
  return {
    parsed,
    rows,
    csv: formatTableCsv(rows),
    groups: shown,
    reference: input.reference ?? shown[0]?.group ?? '',
    leftOut: { groups: small.length, respondents: small.reduce((sum, s) => sum + s.n, 0) },
  };
}
