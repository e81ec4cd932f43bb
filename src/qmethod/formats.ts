import { parse } from 'csv-parse/sync';
import { csvText } from '../files/csv.ts';
import { InvalidInputError } from './errors.ts';
import { hasControlCharacter } from '../validation/control.ts';
import { checkShape, gridColumns, type QSortData } from './grid.ts';

export interface Statement {
  id: string;
  text: string;
}

function parseGridValue(raw: string, where: string): number {
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) throw new InvalidInputError(`${where}: "${raw}" is not a whole grid position.`);
  return Number(text);
}

/**
 * Reads the statements × participants CSV that R's qmethod reads: the first column holds the
 * statement ids, the header row the participant ids, each cell the grid position of the statement
 * in that participant's sort. Comma or semicolon separated.
 */
export function parseSortsCsv(text: string): QSortData {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  const delimiter = count(';') > count(',') ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new InvalidInputError(`The sorts file is not valid CSV: ${(error as Error).message}`);
  }
  if (rows.length < 2) throw new InvalidInputError('The sorts file needs a header row of participant ids and at least one statement row.');
  const [header, ...body] = rows;
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (hasControlCharacter(cell))
        throw new InvalidInputError(
          `Row ${r + 1}, column ${c + 1} of the sorts file holds control characters (invisible characters such as NUL).`,
        );
    }),
  );
  const participants = header.slice(1);
  if (participants.length === 0) throw new InvalidInputError('The sorts file has no participant columns.');
  const statements = body.map((row) => row[0]);
  const values = body.map((row, s) => {
    if (row.length !== header.length) {
      throw new InvalidInputError(
        `Row ${s + 2} (statement "${row[0]}") has ${row.length - 1} values for ${participants.length} participants.`,
      );
    }
    return row.slice(1).map((cell, p) => parseGridValue(cell, `Statement "${row[0]}", participant "${participants[p]}"`));
  });
  const data = { statements, participants, values };
  checkShape(data);
  return data;
}

/** A CSV table: the first column holds the row ids under `idHeader`, then one column per name. */
export function writeTableCsv(
  idHeader: string,
  columnNames: string[],
  rowIds: string[],
  cells: Array<Array<string | number | boolean | null>>,
): string {
  const lines = [[idHeader, ...columnNames].map(csvText).join(',')];
  rowIds.forEach((id, r) => {
    const row = cells[r].map((cell) => (cell === null ? '' : typeof cell === 'number' ? String(cell) : csvText(String(cell))));
    lines.push([csvText(id), ...row].join(','));
  });
  return lines.join('\n') + '\n';
}

export function writeSortsCsv(data: QSortData, idHeader = 'statement'): string {
  return writeTableCsv(idHeader, data.participants, data.statements, data.values);
}

/** PQMethod supports grids from −6 to +6; the .DAT header lists the card count of each of these 13 columns. */
const PQ_MIN = -6;
const PQ_MAX = 6;
const PQ_ID_WIDTH = 10;

/**
 * PQMethod's .DAT file: line 1 "  0" + sorts (3 wide) + statements (3 wide) + " " + title; line 2 the
 * grid's lowest and highest position and the card count of each column −6…+6 (3 wide each); then one
 * line per sort, the id in 10 characters and each statement's position in 2 characters.
 */
export function writePqmethodDat(data: QSortData, title: string): string {
  checkShape(data);
  const n = data.statements.length;
  if (n > 999 || data.participants.length > 999) throw new InvalidInputError('PQMethod files hold at most 999 sorts and 999 statements.');
  const positions = data.values.map((row) => row[0]).sort((a, b) => a - b);
  const counts = new Map(gridColumns(positions).map((c) => [c.position, c.count]));
  const min = positions[0];
  const max = positions[positions.length - 1];
  if (min < PQ_MIN || max > PQ_MAX)
    throw new InvalidInputError(`PQMethod grids run from ${PQ_MIN} to +${PQ_MAX}; this one runs from ${min} to ${max}.`);
  const pad3 = (v: number) => String(v).padStart(3, ' ');
  const lines = [`  0${pad3(data.participants.length)}${pad3(n)} ${title.replace(/[\r\n]+/g, ' ')}`];
  const gridCounts: number[] = [];
  for (let p = PQ_MIN; p <= PQ_MAX; p++) gridCounts.push(counts.get(p) ?? 0);
  lines.push([min, max, ...gridCounts].map(pad3).join(''));
  data.participants.forEach((participant, p) => {
    if (participant.length > PQ_ID_WIDTH)
      throw new InvalidInputError(`PQMethod sort ids have at most ${PQ_ID_WIDTH} characters; "${participant}" is longer.`);
    const cells = data.values.map((row) => {
      const v = row[p];
      if (v < PQ_MIN || v > PQ_MAX)
        throw new InvalidInputError(`Participant "${participant}" has position ${v}, outside PQMethod's −6…+6.`);
      return v < 0 ? String(v) : ` ${v}`;
    });
    lines.push(participant.padEnd(PQ_ID_WIDTH, ' ') + cells.join(''));
  });
  return lines.join('\r\n') + '\r\n';
}

export interface PqmethodDat {
  title: string;
  data: QSortData;
}

/** Reads a PQMethod .DAT file. Statement ids are their numbers 1…n (the order of the .STA file). */
export function parsePqmethodDat(text: string): PqmethodDat {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines.length < 3) throw new InvalidInputError('A PQMethod .DAT file has a title line, a grid line and at least one sort.');
  const header = lines[0];
  const sortCount = Number(header.slice(3, 6));
  const statementCount = Number(header.slice(6, 9));
  if (!Number.isInteger(statementCount) || statementCount < 2)
    throw new InvalidInputError(`The .DAT title line does not give a number of statements: "${header}".`);
  const title = header.slice(10).trim();
  const sortLines = lines.slice(2);
  if (Number.isInteger(sortCount) && sortCount !== sortLines.length) {
    throw new InvalidInputError(`The .DAT title line announces ${sortCount} sorts but the file holds ${sortLines.length}.`);
  }
  const participants: string[] = [];
  const values: number[][] = Array.from({ length: statementCount }, () => []);
  sortLines.forEach((line, i) => {
    const body = line.slice(PQ_ID_WIDTH).replace(/\s+$/, '');
    if (body.length > 2 * statementCount || body.length < 2 * statementCount - 1) {
      throw new InvalidInputError(`Sort ${i + 1} of the .DAT file does not hold ${statementCount} positions.`);
    }
    const participant = line.slice(0, PQ_ID_WIDTH).trim();
    participants.push(participant);
    for (let s = 0; s < statementCount; s++) {
      values[s].push(parseGridValue(body.slice(2 * s, 2 * s + 2), `Sort "${participant}", statement ${s + 1}`));
    }
  });
  const data = { statements: Array.from({ length: statementCount }, (_, s) => String(s + 1)), participants, values };
  checkShape(data);
  return { title, data };
}

/** PQMethod's .STA file: one statement per line, in statement order (ids are line numbers). */
export function writePqmethodSta(statements: Statement[]): string {
  return statements.map((s) => s.text.replace(/[\r\n]+/g, ' ')).join('\r\n') + '\r\n';
}

export function parsePqmethodSta(text: string): Statement[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.map((line, i) => ({ id: String(i + 1), text: line.trim() }));
}
