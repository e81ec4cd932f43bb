/** One sheet: a header row, then rows of cells (numbers stay numbers; text is stored as text, never as a formula). */
export interface Sheet {
  name: string;
  header: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>;
}

/** The one XLSX writer (shared leaf): a workbook with a sheet per entry, bold header rows, booleans as yes/no. */
export async function toWorkbook(sheets: readonly Sheet[]): Promise<Buffer> {
  // Loaded on the first download, not at start: exceljs is some 350 modules.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name.slice(0, 31));
    sheet.addRow([...s.header]);
    sheet.getRow(1).font = { bold: true };
    for (const row of s.rows) sheet.addRow(row.map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : v)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Rows of objects as a one-sheet workbook, the column names as its header. */
export async function toXlsx<T extends object>(rows: readonly T[], columns: ReadonlyArray<keyof T>, sheetName: string): Promise<Buffer> {
  return toWorkbook([
    {
      name: sheetName,
      header: columns.map(String),
      rows: rows.map((r) => columns.map((c) => (r[c] ?? null) as string | number | boolean | null)),
    },
  ]);
}
