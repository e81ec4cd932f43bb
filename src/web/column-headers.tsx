import { Table } from '@navikt/ds-react';

export type Column = string | { label: string; align: 'right' };

/** A table's header row: one column header per label (numbers right-aligned), each scoped to its column. */
export function ColumnHeaders({ columns }: { columns: Column[] }) {
  return (
    <Table.Header>
      <Table.Row>
        {columns.map((column, i) =>
          typeof column === 'string' ? (
            <Table.ColumnHeader key={i} scope="col">
              {column}
            </Table.ColumnHeader>
          ) : (
            <Table.ColumnHeader key={i} scope="col" align={column.align}>
              {column.label}
            </Table.ColumnHeader>
          ),
        )}
      </Table.Row>
    </Table.Header>
  );
}
