import { parse } from 'csv-parse/sync';
import { toWorkbook } from '../files/xlsx.ts';

/**
 * The analysis files (`analysisFiles`: name → CSV text) as one workbook, a sheet per file, so the
 * spreadsheet holds exactly what the CSV downloads and the command line write. Numbers stay numbers.
 */
export async function analysisWorkbook(files: Record<string, string>): Promise<Buffer> {
  return toWorkbook(
    Object.entries(files).map(([name, csv]) => {
      const [header = [], ...rows] = parse(csv, { skip_empty_lines: true }) as string[][];
      return { name: name.replace(/\.csv$/, ''), header, rows: rows.map((row) => row.map(asNumberWhenNumeric)) };
    }),
  );
}

function asNumberWhenNumeric(cell: string): string | number {
  return /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell) ? Number(cell) : cell;
}
