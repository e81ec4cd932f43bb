import { DuplicateParticipantError, DuplicateStatementError, GridViolationError, InvalidInputError } from './errors.ts';

/** A column of the sorting grid: its position (e.g. −5…+5) and how many cards it holds. */
export interface GridColumn {
  position: number;
  count: number;
}

/** The sorts of a study: values[statement][participant] is the grid position of that statement in that sort. */
export interface QSortData {
  statements: string[];
  participants: string[];
  values: number[][];
}

/** Every position a card can take, one entry per card, ascending (the "distribution" of R's qmethod). */
export function gridPositions(columns: GridColumn[]): number[] {
  const positions: number[] = [];
  for (const column of [...columns].sort((a, b) => a.position - b.position)) {
    if (!Number.isInteger(column.count) || column.count < 0) {
      throw new InvalidInputError(`Grid column ${column.position} has an invalid card count ${column.count}.`);
    }
    for (let i = 0; i < column.count; i++) positions.push(column.position);
  }
  return positions;
}

/** The grid columns (position and count) that a list of positions fills. */
export function gridColumns(positions: number[]): GridColumn[] {
  const counts = new Map<number, number>();
  for (const p of positions) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([position, count]) => ({ position, count }));
}

/** A symmetric quasi-normal grid from −max to +max with the given counts from the left edge to the middle. */
export function symmetricGrid(countsToMiddle: number[]): GridColumn[] {
  const max = countsToMiddle.length - 1;
  const columns: GridColumn[] = [];
  for (let position = -max; position <= max; position++) {
    columns.push({ position, count: countsToMiddle[max - Math.abs(position)] });
  }
  return columns;
}

/** The sort of one participant, statement by statement. */
export function sortOf(data: QSortData, participantIndex: number): number[] {
  return data.values.map((row) => row[participantIndex]);
}

/** Checks ids and shape; throws on duplicates, ragged rows or non-numbers. */
export function checkShape(data: QSortData): void {
  const seenStatements = new Set<string>();
  for (const id of data.statements) {
    if (id === '') throw new InvalidInputError('A statement has an empty id.');
    if (seenStatements.has(id)) throw new DuplicateStatementError(id);
    seenStatements.add(id);
  }
  const seenParticipants = new Set<string>();
  for (const id of data.participants) {
    if (id === '') throw new InvalidInputError('A participant has an empty id.');
    if (seenParticipants.has(id)) throw new DuplicateParticipantError(id);
    seenParticipants.add(id);
  }
  if (data.values.length !== data.statements.length) {
    throw new InvalidInputError(`There are ${data.statements.length} statements but ${data.values.length} rows of values.`);
  }
  data.values.forEach((row, s) => {
    if (row.length !== data.participants.length) {
      throw new InvalidInputError(
        `Statement "${data.statements[s]}" has ${row.length} values for ${data.participants.length} participants.`,
      );
    }
    row.forEach((value, p) => {
      if (!Number.isFinite(value)) {
        throw new InvalidInputError(`Statement "${data.statements[s]}" has no valid number for participant "${data.participants[p]}".`);
      }
    });
  });
}

/**
 * The distribution most sorts share (the first such on a tie). Taking the most common one rather
 * than the first sort's means a single broken sort is the one blamed.
 */
export function inferGrid(data: QSortData): number[] {
  const tally = new Map<string, { positions: number[]; count: number }>();
  data.participants.forEach((_, p) => {
    const positions = sortOf(data, p).sort((a, b) => a - b);
    const key = positions.join(',');
    const entry = tally.get(key) ?? { positions, count: 0 };
    entry.count++;
    tally.set(key, entry);
  });
  let best: { positions: number[]; count: number } | undefined;
  for (const entry of tally.values()) if (!best || entry.count > best.count) best = entry;
  return best?.positions ?? [];
}

/**
 * Checks that every sort uses exactly the grid's positions. Without a grid, the distribution most
 * sorts share defines it (a forced distribution, as R's qmethod assumes). Returns the grid positions, ascending.
 */
export function checkGrid(data: QSortData, grid?: GridColumn[]): number[] {
  const positions = grid ? gridPositions(grid) : inferGrid(data);
  if (positions.length !== data.statements.length) {
    throw new InvalidInputError(`The grid holds ${positions.length} cards but there are ${data.statements.length} statements.`);
  }
  const expected = gridColumns(positions);
  const expectedCounts = new Map(expected.map((c) => [c.position, c.count]));
  data.participants.forEach((participant, p) => {
    const actual = new Map(gridColumns(sortOf(data, p)).map((c) => [c.position, c.count]));
    for (const [position, count] of actual) {
      if (!expectedCounts.has(position)) {
        throw new GridViolationError(participant, `${count} card(s) at position ${position}, which is not on the grid.`);
      }
    }
    for (const column of expected) {
      const count = actual.get(column.position) ?? 0;
      if (count !== column.count) {
        throw new GridViolationError(participant, `column ${column.position} holds ${count} cards, the grid has room for ${column.count}.`);
      }
    }
  });
  return positions;
}
