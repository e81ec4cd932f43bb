import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../i18n/index.ts';
import { formatDecimal, formatNumber, formatShare } from '../i18n/format.ts';

/**
 * Server-side SVG charts (Vega-Lite compiled to Vega, rendered headless). Pages put each chart
 * beside a table with the same numbers; suppressed figures are simply absent from the chart and
 * marked in the table. The SVG carries no ARIA of its own: the page wraps it as one labelled image.
 */

/**
 * Phone-first sizes: a chart's natural width is about 330 px (PLOT_WIDTH for the bars, the values and
 * labels around them), so on a 360 px phone (328 px of column) it is drawn at nearly its own size and
 * its 12 px text stays above 11 px; on a desk it keeps its natural size (the SVG is never scaled up).
 * Each bar's name is written above it, across the chart's width, instead of in a column to its left.
 */
const FONT_SIZE = 12;
const PLOT_WIDTH = 250;
const LABEL_WIDTH = 330;
/** Characters per line of a bar's name before it wraps (about 300 px of 12 px Arial). */
const LABEL_CHARS = 50;
const LINE_HEIGHT = 15;

const BASE_CONFIG = {
  aria: false,
  font: 'Arial, sans-serif',
  axis: { labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE, labelColor: '#23262a', titleColor: '#23262a' },
  legend: { labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE, labelColor: '#23262a', labelLimit: 160 },
  text: { fontSize: FONT_SIZE },
  view: { stroke: null },
  background: 'white',
} as const;

/**
 * Text widths in Arial (Helvetica's metrics, which Arial and Liberation Sans share), in 1/1000 of the
 * font size, for the printable ASCII characters from the space on. Headless Vega has no canvas to
 * measure with and guesses 0.8 em a character, half again the real width: the charts came out far
 * wider than their text, and so were shrunk on a phone.
 */
const ARIAL_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
  278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
  667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
  556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const ARIAL_OTHER: Record<string, number> = {
  æ: 889,
  ø: 611,
  å: 556,
  Æ: 1000,
  Ø: 778,
  Å: 667,
  '\u202f': 278,
  '\u00a0': 278,
  '–': 556,
  '−': 584,
};

/** The y channel of a chart with one row per label, in the given order (never by value), its name drawn by the chart itself. */
const rowsInOrder = (order: string[]) => ({
  field: 'label',
  type: 'nominal' as const,
  sort: order,
  title: null,
  scale: { domain: order, paddingInner: 0, paddingOuter: 0 },
  axis: null,
});

/** The width of `text` in Arial at `fontSize` px (an unknown character counts as a digit). */
export function arialWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    units += code >= 32 && code < 127 ? ARIAL_ASCII[code - 32] : (ARIAL_OTHER[char] ?? 556);
  }
  return (units * fontSize) / 1000;
}

/** A bar's name in lines of at most LABEL_CHARS characters (broken between words; a longer word stands alone). */
export function wrapLabel(label: string, chars = LABEL_CHARS): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= chars) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

/**
 * The band of one bar: its name's lines above the bar, then the bar. Every band is as tall as the
 * one with the most lines, so the bars stay evenly spaced.
 */
function bandLayout(labels: string[]) {
  const lines = Math.max(1, ...labels.map((l) => wrapLabel(l).length));
  const barHeight = 14;
  const step = lines * LINE_HEIGHT + barHeight + 14;
  // The y scale puts the band's centre at the bar's centre. Vega writes a name's first line at the
  // mark's position and the rest below it, so every name gets the same number of lines (blank ones
  // first) and the first is lifted so that the last ends 3 px above the bar.
  const labelDy = -(barHeight / 2 + 3) - (lines - 1) * LINE_HEIGHT;
  const linesOf = (label: string) => {
    const own = wrapLabel(label);
    return [...Array<string>(lines - own.length).fill(''), ...own];
  };
  return { step, barHeight, labelDy, linesOf };
}

/** The layer that writes each bar's name above it, left-aligned at the start of the plot. */
function labelLayer(labelDy: number, filter?: string) {
  return {
    ...(filter ? { transform: [{ filter }] } : {}),
    mark: { type: 'text', align: 'left', baseline: 'bottom', dy: labelDy, lineHeight: LINE_HEIGHT, limit: LABEL_WIDTH, color: '#23262a' },
    encoding: { text: { field: 'lines' }, x: { value: 0 } },
  };
}

/**
 * Vega's number locale for the reader's language, taken from the formatter every table uses
 * (i18n/format.ts), so an axis reads "50 %" and "4,5" in Norwegian as the table beside it does.
 */
function numberLocale(lang: Lang) {
  const sample = formatDecimal(lang, 1234.5, 1); // "1 234,5" or "1,234.5"
  const percent = formatShare(lang, 0.5).replace(/^50/, ''); // " %" or "%"
  return { decimal: sample.charAt(sample.length - 2), thousands: sample.charAt(1), grouping: [3], currency: ['', ''], percent };
}

async function render(spec: TopLevelSpec, lang: Lang): Promise<string> {
  // Loaded on the first chart, not at start: Vega and Vega-Lite are some 300 modules.
  const [vegaModule, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  // Measure text as Arial does, not by Vega's canvas-less guess (see ARIAL_ASCII).
  // vega-scenegraph's textMetrics, re-exported by vega but missing from its typings.
  const { textMetrics } = vegaModule as unknown as { textMetrics: { width: (item: { fontSize?: number }, text: unknown) => number } };
  textMetrics.width = (item, text) => Math.ceil(arialWidth(text == null ? '' : String(text).trim(), item.fontSize ?? 11));
  const compiled = compile({ ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  // The view takes a locale definition ({ number }), which Vega's typings declare as the formatters it makes of it.
  const locale = { number: numberLocale(lang) } as unknown as vega.LocaleFormatters;
  const view = new vegaModule.View(vegaModule.parse(compiled), { renderer: 'none', locale });
  const svg = await view.toSVG();
  view.finalize();
  // Vega labels its marks for screen readers one by one; the page instead labels the whole chart
  // (role="img" on the wrapper) and gives the numbers in a table, so the SVG itself stays silent.
  // It shrinks with a narrow screen (its viewBox keeps the proportions) instead of widening the page.
  return svg
    .replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/^<svg /, '<svg aria-hidden="true" focusable="false" style="max-width:100%;height:auto" ');
}

export interface BarItem {
  label: string;
  /** null for a suppressed figure (left out of the chart). */
  value: number | null;
  n?: number;
}

/** The colour of the office's competence activities marked on its results over time (7.6:1 on white). */
const MARK_COLOR = '#8a3c00';

/**
 * Marks in some bands (the office's competence activities on its trend, one band a period): a text
 * such as "Tiltak 1, 2" at the right end of the band's name line, with a diamond before it. They sit
 * on the name line, never on the bars, and add no width to the chart.
 */
function markLayers(marks: ReadonlyMap<string, string>, labelDy: number) {
  const values = [...marks].map(([label, text]) => ({ label, text, x: PLOT_WIDTH - arialWidth(text, FONT_SIZE) - 9 }));
  return [
    {
      data: { values },
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: labelDy, color: MARK_COLOR, fontWeight: 'bold' },
      encoding: { y: { field: 'label', type: 'nominal' }, x: { value: PLOT_WIDTH }, text: { field: 'text' } },
    },
    {
      data: { values },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 60, color: MARK_COLOR, yOffset: labelDy - 7 },
      encoding: { y: { field: 'label', type: 'nominal' }, x: { field: 'x', type: 'quantitative', scale: null } },
    },
  ];
}

/**
 * Horizontal bars (means on the 1–6 scale), in the order given (never sorted by value). Each bar's
 * label is written by `format`, the formatter of the table beside the chart (the reader's locale, the
 * table's decimals), so chart and table say the same number. `marks`: a short text for some bars'
 * bands (by label), drawn on the name line (see markLayers).
 */
export function meanBars(
  items: BarItem[],
  axisTitle: string,
  lang: Lang,
  format: (value: number) => string,
  marks: ReadonlyMap<string, string> = new Map(),
): Promise<string> {
  const order = items.map((i) => i.label);
  const { step, barHeight, labelDy, linesOf } = bandLayout(order);
  // Every statement keeps its band (and its name) in the order given; a suppressed one has no bar.
  const values = items.map((i) => ({
    label: i.label,
    lines: linesOf(i.label),
    value: i.value,
    text: i.value === null ? null : i.n !== undefined ? `${format(i.value)} (n=${formatNumber(lang, i.n)})` : format(i.value),
  }));
  return render(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: PLOT_WIDTH,
      height: { step },
      data: { values },
      encoding: {
        y: rowsInOrder(order),
      },
      layer: [
        // Bars start at the scale's lowest value (1), not at zero.
        {
          transform: [{ filter: 'datum.value !== null' }],
          mark: { type: 'bar', color: '#0067c5', height: barHeight },
          encoding: {
            x: {
              field: 'value',
              type: 'quantitative',
              scale: { domain: [1, 6] },
              title: axisTitle,
              axis: { values: [1, 2, 3, 4, 5, 6], grid: true, gridColor: '#e6e7e9' },
            },
            x2: { datum: 1 },
          },
        },
        {
          transform: [{ filter: 'datum.value !== null' }],
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, color: '#23262a' },
          encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'text' } },
        },
        labelLayer(labelDy),
        ...markLayers(new Map([...marks].filter(([label]) => order.includes(label))), labelDy),
      ],
    } as TopLevelSpec,
    lang,
  );
}

/** Stacked shares of the answers 1..6 per statement (only released statements). */
export function distributionBars(
  rows: Array<{ label: string; distribution: number[] }>,
  scaleLabels: string[],
  axisTitle: string,
  lang: Lang,
): Promise<string> {
  const order = rows.map((r) => r.label);
  const { step, barHeight, labelDy, linesOf } = bandLayout(order);
  const values = rows.flatMap((r) => {
    const total = r.distribution.reduce((a, b) => a + b, 0);
    return r.distribution.map((count, i) => ({
      label: r.label,
      lines: linesOf(r.label),
      answer: `${i + 1} ${scaleLabels[i]}`,
      share: total ? count / total : 0,
      order: i,
    }));
  });
  return render(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: LABEL_WIDTH,
      height: { step },
      data: { values },
      encoding: {
        y: rowsInOrder(order),
      },
      layer: [
        {
          mark: { type: 'bar', height: barHeight },
          encoding: {
            x: {
              field: 'share',
              type: 'quantitative',
              stack: 'normalize',
              title: axisTitle,
              axis: { format: '%', values: [0, 0.25, 0.5, 0.75, 1] },
            },
            color: {
              field: 'answer',
              type: 'ordinal',
              title: null,
              scale: { range: ['#c30000', '#e18071', '#f5c7be', '#b7d4ee', '#66a3e0', '#005b82'] },
              // Below the chart, two columns: the six answers read 1–3 down the left, 4–6 down the right.
              legend: { orient: 'bottom', direction: 'vertical', columns: 2, columnPadding: 16 },
            },
            order: { field: 'order' },
          },
        },
        labelLayer(labelDy, 'datum.order === 0'),
      ],
    } as TopLevelSpec,
    lang,
  );
}
