import type React from 'react';
import { DataTable, spanning, type DataColumn } from '../web/data-table.tsx';
import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import type { Figure } from '../disclosure/figures.ts';
import { AGREE_RANGE } from '../instrument/instrument.ts';
import { formatDecimal as decimal, formatShare as share } from '../i18n/format.ts';

/**
 * The one table of figures every report shows (the counselor's own page, a leader's group report,
 * results shared with someone): n, mean and share agreeing per statement, with a suppressed figure
 * shown as a marked cell, never as zero. Numbers are formatted for the page's language.
 */

type Key = 'n' | 'mean' | 'sharePositive' | 'suppressed' | 'periodOpen';
const messages: Catalog<Key> = {
  nb: {
    n: 'Antall svar (n)',
    mean: 'Gjennomsnitt (1–6)',
    sharePositive: 'Andel enige ({range})',
    suppressed: 'For få svar',
    periodOpen: 'Perioden er ikke avsluttet',
  },
  nn: {
    n: 'Tal på svar (n)',
    mean: 'Gjennomsnitt (1–6)',
    sharePositive: 'Del samde ({range})',
    suppressed: 'For få svar',
    periodOpen: 'Perioden er ikkje avslutta',
  },
  en: {
    n: 'Answers (n)',
    mean: 'Mean (1–6)',
    sharePositive: 'Share agreeing ({range})',
    suppressed: 'Too few answers',
    periodOpen: 'Period not closed yet',
  },
};

/** Report means have one decimal, shares none (the reports' one number format). */
export const formatDecimal = (lang: Lang, value: number, digits = 1) => decimal(lang, value, digits);
export const formatShare = (lang: Lang, value: number) => share(lang, value);

type Released = Extract<Figure, { suppressed: false }>;

/** The mark of a suppressed figure, in the cell that spans n, mean and share. */
function SuppressedMark({ figure, lang }: { figure: Extract<Figure, { suppressed: true }>; lang: Lang }) {
  return <span className="bs-suppressed">{translator(messages, lang)(figure.reason === 'period_open' ? 'periodOpen' : 'suppressed')}</span>;
}

/**
 * n, mean and share agreeing as three number columns of a `DataTable`; a suppressed figure is one marked
 * cell across the three (never a zero).
 */
export function figureColumns<Row>(lang: Lang, figureOf: (row: Row) => Figure): Array<DataColumn<Row>> {
  const t = translator(messages, lang);
  // The second and third columns are never asked for a suppressed figure: the first one's cell spans them.
  const released = (row: Row, show: (figure: Released) => React.ReactNode) => {
    const figure = figureOf(row);
    return figure.suppressed ? null : show(figure);
  };
  return [
    {
      header: t('n'),
      numeric: true,
      cell: (row) => {
        const figure = figureOf(row);
        return figure.suppressed ? spanning(3, <SuppressedMark figure={figure} lang={lang} />) : figure.n;
      },
    },
    { header: t('mean'), numeric: true, cell: (row) => released(row, (f) => formatDecimal(lang, f.mean)) },
    {
      header: t('sharePositive', { range: AGREE_RANGE }),
      numeric: true,
      cell: (row) => released(row, (f) => formatShare(lang, f.share_positive)),
    },
  ];
}

export interface FigureRow {
  key: string;
  /** The row header: a statement, a team, a period … (a link, for a unit with a report of its own). */
  label: React.ReactNode;
  figure: Figure;
}

/** A whole table of figures, one row each; the caption is for screen readers (the heading above says it). */
export function FigureTable({ caption, first, rows, lang }: { caption: string; first: string; rows: FigureRow[]; lang: Lang }) {
  return (
    <DataTable
      lang={lang}
      caption={caption}
      rows={rows}
      rowKey={(row) => row.key}
      columns={[{ header: first, rowHeader: true, cell: (row) => row.label }, ...figureColumns<FigureRow>(lang, (row) => row.figure)]}
    />
  );
}
