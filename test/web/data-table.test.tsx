import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable, spanning, type DataColumn } from '../../src/web/data-table.tsx';
import { siteStylesheet } from '../../src/web/assets.ts';

interface Row {
  name: string;
  n: number;
  mean: number | null;
}

const rows: Row[] = [
  { name: 'NAV Dalstad', n: 12, mean: 4.5 },
  { name: 'NAV Elvedal', n: 3, mean: null },
];

const columns: Array<DataColumn<Row>> = [
  { header: 'Office', rowHeader: true, cell: (r) => r.name },
  { header: 'Answers', numeric: true, name: 'n', cell: (r) => (r.mean === null ? spanning(2, 'Too few answers') : r.n) },
  { header: 'Mean', numeric: true, name: 'mean', cell: (r) => r.mean?.toFixed(1) },
  { header: 'Note', cell: () => 'ok' },
];

interface Element {
  tag: string;
  /** Attribute names in lower case. */
  attributes: Record<string, string>;
  classes: string[];
  text: string;
}

/** The table's cells (th and td) in document order, with the section (thead, tbody, tfoot) they are in. */
function cells(html: string): Array<Element & { section: string }> {
  const found: Array<Element & { section: string }> = [];
  let section = '';
  for (const m of html.matchAll(/<(thead|tbody|tfoot)\b|<(th|td)\b([^>]*)>(.*?)<\/\2>/g)) {
    if (m[1]) {
      section = m[1];
      continue;
    }
    const attributes = Object.fromEntries([...m[3].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1].toLowerCase(), a[2]]));
    found.push({ tag: m[2], attributes, classes: (attributes.class ?? '').split(' '), text: m[4].replace(/<[^>]+>/g, ''), section });
  }
  return found;
}

/** The cells of the row whose row header says `name`, after the row header. */
function rowOf(html: string, name: string) {
  const all = cells(html);
  const start = all.findIndex((c) => c.tag === 'th' && c.attributes.scope === 'row' && c.text === name);
  const end = all.findIndex((c, i) => i > start && c.tag === 'th');
  return all.slice(start + 1, end === -1 ? undefined : end);
}

const render = (element: React.ReactElement) => renderToStaticMarkup(element);
const table = (extra: Partial<React.ComponentProps<typeof DataTable<Row>>> = {}) =>
  render(<DataTable lang="en" caption="Offices" rows={rows} rowKey={(r) => r.name} columns={columns} {...extra} />);

describe('DataTable', () => {
  it('names the table by its caption (screen readers only by default) and puts it in a named, focusable scroll region', () => {
    const html = table({ regionLabel: 'Table: offices' });
    expect(html).toMatch(/^<div class="bs-table-scroll" role="group" aria-label="Table: offices" tabindex="0"><table /);
    expect(html).toContain('<caption class="aksel-sr-only">Offices</caption>');
    const visible = table({ captionVisible: true });
    expect(visible).toContain('<caption>Offices</caption>');
    expect(visible).toContain('aria-label="Offices"');
  });

  it('scopes column headers to columns and the row-header column to rows', () => {
    const headers = cells(table()).filter((c) => c.tag === 'th');
    expect(headers.map((h) => [h.text, h.attributes.scope, h.section])).toEqual([
      ['Office', 'col', 'thead'],
      ['Answers', 'col', 'thead'],
      ['Mean', 'col', 'thead'],
      ['Note', 'col', 'thead'],
      ['NAV Dalstad', 'row', 'tbody'],
      ['NAV Elvedal', 'row', 'tbody'],
    ]);
    // The row-header column (header and cells) is the one kept in view when the table scrolls.
    expect(headers.filter((h) => h.classes.includes('bs-key')).map((h) => h.text)).toEqual(['Office', 'NAV Dalstad', 'NAV Elvedal']);
    expect(
      cells(table())
        .filter((c) => c.tag === 'td')
        .every((c) => !c.classes.includes('bs-key')),
    ).toBe(true);
  });

  it('right-aligns numeric columns, header and cells, with tabular figures; other columns stay left', () => {
    const html = table();
    const header = (text: string) => cells(html).find((c) => c.tag === 'th' && c.text === text)!;
    expect(header('Answers').classes).toContain('aksel-table__header-cell--align-right');
    expect(header('Mean').classes).toContain('aksel-table__header-cell--align-right');
    expect(header('Note').classes.some((c) => c.includes('align'))).toBe(false);
    const [n, mean, note] = rowOf(html, 'NAV Dalstad');
    expect([n.text, mean.text, note.text]).toEqual(['12', '4.5', 'ok']);
    for (const cell of [n, mean]) expect(cell.classes).toEqual(expect.arrayContaining(['aksel-table__data-cell--align-right', 'bs-num']));
    expect(note.classes.some((c) => c.includes('align') || c === 'bs-num')).toBe(false);
    expect(siteStylesheet().body.toString()).toContain('.bs-data-table .bs-num{font-variant-numeric:tabular-nums}');
  });

  it("writes a count given as a number in the reader's number format, as the text around the table does", () => {
    const big: Row[] = [{ name: 'NAV Storby', n: 1244, mean: 4.5 }];
    const of = (lang: 'nb' | 'en') =>
      rowOf(render(<DataTable lang={lang} caption="Offices" rows={big} rowKey={(r) => r.name} columns={columns} />), 'NAV Storby');
    expect(of('nb')[0].text).toBe('1\u00a0244');
    expect(of('en')[0].text).toBe('1,244');
    // A cell the page formatted itself (a string) is left as it is.
    expect(of('nb')[1].text).toBe('4.5');
  });

  it('lets a cell span the columns after it, which the row then skips; the spanning cell has no column name', () => {
    const html = table();
    const suppressed = rowOf(html, 'NAV Elvedal');
    expect(suppressed.map((c) => c.text)).toEqual(['Too few answers', 'ok']);
    expect(suppressed[0].attributes.colspan).toBe('2');
    expect(suppressed[0].attributes['data-column']).toBeUndefined();
    expect(suppressed[0].classes).not.toContain('bs-num');
    expect(rowOf(html, 'NAV Dalstad').map((c) => c.attributes['data-column'])).toEqual(['n', 'mean', undefined]);
    // A span running past the last column stops there.
    const long = render(
      <DataTable
        lang="en"
        caption="x"
        rows={rows}
        rowKey={(r) => r.name}
        columns={[columns[0], { ...columns[1], cell: () => spanning(9, '–') }]}
      />,
    );
    expect(rowOf(long, 'NAV Dalstad').map((c) => c.attributes.colspan)).toEqual(['1']);
  });

  it('labels each data cell with its header when rows are stacked, and only then', () => {
    const stacked = table({ narrow: 'stack' });
    expect(stacked).toContain('<table class="aksel-table aksel-table--small bs-data-table bs-data-table--stack"');
    expect(rowOf(stacked, 'NAV Dalstad').map((c) => c.attributes['data-label'])).toEqual(['Answers', 'Mean', 'Note']);
    // The marked cell spans several columns: it is read alone, under the row header.
    expect(rowOf(stacked, 'NAV Elvedal').map((c) => c.attributes['data-label'])).toEqual([undefined, 'Note']);
    const scrolled = table();
    expect(scrolled).not.toContain('data-label');
    expect(scrolled).not.toContain('bs-data-table--stack');
    const css = siteStylesheet().body.toString();
    expect(css).toContain('.bs-data-table--stack td[data-label]::before{content:attr(data-label) ": "');
  });

  it('puts footer rows in a tfoot and column groups in a header row of their own', () => {
    const html = table({
      footer: [{ name: 'Total', n: 15, mean: 4.1 }],
      groups: [
        { header: 'Figures', columns: 2 },
        { header: 'Other', columns: 1 },
      ],
    });
    expect(html).toContain('<colgroup></colgroup><colgroup span="2"></colgroup><colgroup span="1"></colgroup>');
    const head = cells(html).filter((c) => c.section === 'thead');
    expect(head.map((c) => [c.text, c.attributes.scope, c.attributes.rowspan ?? c.attributes.colspan ?? ''])).toEqual([
      ['Office', 'col', '2'],
      ['Figures', 'colgroup', '2'],
      ['Other', 'colgroup', '1'],
      ['Answers', 'col', ''],
      ['Mean', 'col', ''],
      ['Note', 'col', ''],
    ]);
    const foot = cells(html).filter((c) => c.section === 'tfoot');
    expect(foot.map((c) => [c.tag, c.text])).toEqual([
      ['th', 'Total'],
      ['td', '15'],
      ['td', '4.1'],
      ['td', 'ok'],
    ]);
    expect(table()).not.toContain('<tfoot');
    const stacked = table({ narrow: 'stack', groups: [{ header: 'Figures', columns: 3 }] });
    expect(rowOf(stacked, 'NAV Dalstad')[0].attributes['data-label']).toBe('Figures – Answers');
    expect(() => table({ groups: [{ header: 'Too many', columns: 5 }] })).toThrow(/cover 5 columns of 4/);
  });
});
