import { TableScroll } from '../web/table-scroll.tsx';
import { Table } from '@navikt/ds-react';
import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import type { Figure } from '../disclosure/figures.ts';
import { formatDecimal as decimal, formatShare as share } from '../i18n/format.ts';

/**
 * The one table of figures every report shows (the counselor's own page, a leader's group report,
 * results shared with someone): n, mean and share agreeing per statement, with a suppressed figure
 * shown as a marked cell, never as zero. Numbers are formatted for the page's language.
 */

type Key = 'n' | 'mean' | 'sharePositive' | 'suppressed' | 'periodOpen';
const messages: Catalog<Key> = {
  nb: { n: 'Antall svar (n)', mean: 'Gjennomsnitt (1–6)', sharePositive: 'Andel enige (4–6)', suppressed: 'For få svar', periodOpen: 'Perioden er ikke avsluttet' },
  nn: { n: 'Tal på svar (n)', mean: 'Gjennomsnitt (1–6)', sharePositive: 'Del samde (4–6)', suppressed: 'For få svar', periodOpen: 'Perioden er ikkje avslutta' },
  en: { n: 'Answers (n)', mean: 'Mean (1–6)', sharePositive: 'Share agreeing (4–6)', suppressed: 'Too few answers', periodOpen: 'Period not closed yet' },
};

/** Report means have one decimal, shares none (the reports' one number format). */
export const formatDecimal = (lang: Lang, value: number, digits = 1) => decimal(lang, value, digits);
export const formatShare = (lang: Lang, value: number) => share(lang, value);

/** n, mean and share agreeing, or one marked cell across the three. */
export function FigureCells({ figure, lang }: { figure: Figure; lang: Lang }) {
  if (figure.suppressed) {
    return (
      <Table.DataCell colSpan={3}>
        <span className="bs-suppressed">{translator(messages, lang)(figure.reason === 'period_open' ? 'periodOpen' : 'suppressed')}</span>
      </Table.DataCell>
    );
  }
  return (
    <>
      <Table.DataCell align="right">{figure.n}</Table.DataCell>
      <Table.DataCell align="right">{formatDecimal(lang, figure.mean)}</Table.DataCell>
      <Table.DataCell align="right">{formatShare(lang, figure.share_positive)}</Table.DataCell>
    </>
  );
}

/** The header row: the first column's name (statement, team, office …), then n, mean, share agreeing. */
export function FigureHeader({ first, lang }: { first: string; lang: Lang }) {
  const t = translator(messages, lang);
  return (
    <Table.Header>
      <Table.Row>
        <Table.ColumnHeader scope="col">{first}</Table.ColumnHeader>
        <Table.ColumnHeader scope="col" align="right">{t('n')}</Table.ColumnHeader>
        <Table.ColumnHeader scope="col" align="right">{t('mean')}</Table.ColumnHeader>
        <Table.ColumnHeader scope="col" align="right">{t('sharePositive')}</Table.ColumnHeader>
      </Table.Row>
    </Table.Header>
  );
}

export interface FigureRow {
  key: string;
  label: string;
  figure: Figure;
}

/** A whole table of figures, one row each; the caption is for screen readers (the heading above says it). */
export function FigureTable({ caption, first, rows, lang }: { caption: string; first: string; rows: FigureRow[]; lang: Lang }) {
  return (
    <TableScroll label={caption}>
      <Table size="small">
        <caption className="aksel-sr-only">{caption}</caption>
        <FigureHeader first={first} lang={lang} />
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.key}>
              <Table.HeaderCell scope="row">{row.label}</Table.HeaderCell>
              <FigureCells figure={row.figure} lang={lang} />
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </TableScroll>
  );
}
