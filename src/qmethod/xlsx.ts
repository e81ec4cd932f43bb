import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';

/**
 * The analysis files (`analysisFiles`: name → CSV text) as one workbook, a sheet per file, so the
 * spreadsheet holds exactly what the CSV downloads and the command line write. Numbers stay numbers.
 */
export async function analysisWorkbook(files: Record<string, string>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, csv] of Object.entries(files)) {
    const sheet = workbook.addWorksheet(name.replace(/\.csv$/, '').slice(0, 31));
    const rows = parse(csv, { skip_empty_lines: true }) as string[][];
    rows.forEach((row, i) => sheet.addRow(i === 0 ? row : row.map(asNumberWhenNumeric)));
    sheet.getRow(1).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function asNumberWhenNumeric(cell: string): string | number {
  return /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell) ? Number(cell) : cell;
}
