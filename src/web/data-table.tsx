import type React from 'react';
import { Table } from '@navikt/ds-react';
import { TableScroll } from './table-scroll.tsx';
import type { Lang } from '../i18n/index.ts';
import { formatNumber } from '../i18n/format.ts';

/**
 * The one table of the page toolkit: every table of figures or records on a page is a `DataTable`.
 *
 * - Columns are typed: a header, a cell per row, `numeric` (right-aligned, tabular figures so digits line
 *   up; a cell given as a number is written by the reader's number format, `formatNumber`: "1 244" as the
 *   text around the table says it, never a bare "1244"), `rowHeader` (the row's key, a `<th scope="row">`; the first column, normally), `name` (written as
 *   `data-column` on the column's data cells, for tests and styles).
 * - A cell may span the columns after it (`spanning(n, content)`): one marked cell where a suppressed
 *   figure's n, mean and share would be, never a zero.
 * - The table is named by its caption (for screen readers only unless `captionVisible`: the heading above
 *   says it on screen) and sits in a scroll region (`TableScroll`), so a wide table never makes the page
 *   scroll sideways.
 * - On a narrow screen, `narrow` chooses per table: `'scroll'` (the default) keeps the table's shape; it
 *   scrolls inside its region with the row-header column kept in view (sticky). `'stack'` shows each row
 *   as a block of "header: value" lines (CSS only, from `data-label`; no JavaScript): for lists of
 *   records read one at a time rather than compared down a column.
 * - `footer` rows (totals) go in a `<tfoot>`; `groups` put a row of column-group headers above the
 *   columns (`scope="colgroup"`).
 *
 * The CSS is in web/assets.ts (`.bs-data-table`).
 */

/** One cell across `columns` columns: its own column and the next `columns - 1`, which the row then skips. */
export class SpanningCell {
  constructor(
    readonly columns: number,
    readonly content: React.ReactNode,
  ) {}
}

export const spanning = (columns: number, content: React.ReactNode) => new SpanningCell(columns, content);

export interface DataColumn<Row> {
  /** The column header; also the label of the column's values when rows are stacked. */
  header: string;
  /** The row's cell in this column, or a cell spanning this and the following columns. */
  cell: (row: Row, index: number) => React.ReactNode | SpanningCell;
  /** Numbers: right-aligned (header too), with tabular figures; a number given as such is formatted in the reader's language. */
  numeric?: boolean;
  /** The column that names the row: each of its cells is a `<th scope="row">`. */
  rowHeader?: boolean;
  /** Written as `data-column` on this column's data cells (not on a cell spanning it from the left). */
  name?: string;
}

/** A header above `columns` adjacent columns; the groups cover the last columns, the ones before them stand alone. */
export interface ColumnGroup {
  header: string;
  columns: number;
}

export interface DataTableProps<Row> {
  /** The reader's language: the number format of numeric cells given as numbers. */
  lang: Lang;
  columns: ReadonlyArray<DataColumn<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => React.Key;
  /** The table's name. */
  caption: string;
  /** Show the caption on screen (by default only screen readers get it; a heading above says it). */
  captionVisible?: boolean;
  /** The scroll region's name, when it should differ from the caption. */
  regionLabel?: string;
  /** Rows after the body (totals), in a `<tfoot>`, with the same columns. */
  footer?: readonly Row[];
  groups?: readonly ColumnGroup[];
  /** On a narrow screen: keep the table and scroll it with the row headers in view, or stack each row. */
  narrow?: 'scroll' | 'stack';
  id?: string;
  testId?: string;
}

const cx = (...names: Array<string | false | undefined>) => names.filter(Boolean).join(' ') || undefined;

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { columns, groups = [], narrow = 'scroll' } = props;
  // Stacked, a table without rows would show nothing at all (its header row is for screen readers then).
  const stack = narrow === 'stack' && props.rows.length + (props.footer?.length ?? 0) > 0;
  const grouped = groups.reduce((sum, g) => sum + g.columns, 0);
  if (grouped > columns.length) throw new Error(`DataTable: the groups cover ${grouped} columns of ${columns.length}`);
  const leading = columns.length - grouped;
  /** The group of column i, if any. */
  const groupOf = (i: number): ColumnGroup | undefined => {
    let start = leading;
    for (const g of groups) {
      if (i >= start && i < start + g.columns) return g;
      start += g.columns;
    }
    return undefined;
  };
  const labelOf = (i: number) => {
    const group = groupOf(i);
    return group ? `${group.header} – ${columns[i].header}` : columns[i].header;
  };
  const headerCell = (column: DataColumn<Row>, i: number, rowSpan?: number) => (
    <Table.HeaderCell
      key={i}
      scope="col"
      rowSpan={rowSpan}
      align={column.numeric ? 'right' : undefined}
      className={cx(column.rowHeader && 'bs-key')}
    >
      {column.header}
    </Table.HeaderCell>
  );

  const renderRow = (row: Row, index: number) => {
    const cells: React.ReactNode[] = [];
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      const value = column.cell(row, index);
      if (value instanceof SpanningCell) {
        const span = Math.min(value.columns, columns.length - i);
        cells.push(
          <Table.DataCell key={i} colSpan={span}>
            {value.content}
          </Table.DataCell>,
        );
        i += span - 1;
      } else if (column.rowHeader) {
        cells.push(
          <Table.HeaderCell key={i} scope="row" className="bs-key">
            {value}
          </Table.HeaderCell>,
        );
      } else {
        cells.push(
          <Table.DataCell
            key={i}
            align={column.numeric ? 'right' : undefined}
            className={cx(column.numeric && 'bs-num')}
            data-label={stack ? labelOf(i) : undefined}
            data-column={column.name}
          >
            {column.numeric && typeof value === 'number' ? formatNumber(props.lang, value, Number.isInteger(value) ? 0 : 2) : value}
          </Table.DataCell>,
        );
      }
    }
    return <Table.Row key={props.rowKey(row, index)}>{cells}</Table.Row>;
  };

  return (
    <TableScroll label={props.regionLabel ?? props.caption}>
      <Table size="small" id={props.id} data-testid={props.testId} className={cx('bs-data-table', stack && 'bs-data-table--stack')}>
        <caption className={props.captionVisible ? undefined : 'aksel-sr-only'}>{props.caption}</caption>
        {groups.length > 0 ? (
          <>
            {leading > 0 ? <colgroup span={leading > 1 ? leading : undefined} /> : null}
            {groups.map((g, i) => (
              <colgroup key={i} span={g.columns} />
            ))}
          </>
        ) : null}
        <Table.Header>
          {groups.length > 0 ? (
            <>
              <Table.Row>
                {columns.slice(0, leading).map((column, i) => headerCell(column, i, 2))}
                {groups.map((g, i) => (
                  <Table.HeaderCell key={`group-${i}`} scope="colgroup" colSpan={g.columns}>
                    {g.header}
                  </Table.HeaderCell>
                ))}
              </Table.Row>
              <Table.Row>{columns.slice(leading).map((column, i) => headerCell(column, leading + i))}</Table.Row>
            </>
          ) : (
            <Table.Row>{columns.map((column, i) => headerCell(column, i))}</Table.Row>
          )}
        </Table.Header>
        <Table.Body>{props.rows.map(renderRow)}</Table.Body>
        {props.footer && props.footer.length > 0 ? <tfoot className="bs-table-foot">{props.footer.map(renderRow)}</tfoot> : null}
      </Table>
    </TableScroll>
  );
}
