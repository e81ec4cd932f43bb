import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../i18n/index.ts';
import { formatDecimal, formatShare } from '../i18n/format.ts';

/**
 * Server-side SVG charts (Vega-Lite compiled to Vega, rendered headless). Pages put each chart
 * beside a table with the same numbers; suppressed figures are simply absent from the chart and
 * marked in the table. The SVG carries no ARIA of its own: the page wraps it as one labelled image.
 */

const BASE_CONFIG = {
  aria: false,
  font: 'Arial, sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 12, labelColor: '#23262a', titleColor: '#23262a' },
  view: { stroke: null },
  background: 'white',
} as const;

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

/**
 * Horizontal bars (means on the 1–6 scale), in the order given (never sorted by value). Each bar's
 * label is written by `format`, the formatter of the table beside the chart (the reader's locale, the
 * table's decimals), so chart and table say the same number.
 */
export function meanBars(items: BarItem[], axisTitle: string, lang: Lang, format: (value: number) => string): Promise<string> {
  const values = items
    .filter((i) => i.value !== null)
    .map((i) => ({ label: i.label, value: i.value, text: i.n !== undefined ? `${format(i.value!)} (n=${i.n})` : format(i.value!) }));
  const order = items.map((i) => i.label);
  return render(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 360,
      data: { values },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: order, title: null, scale: { domain: order }, axis: { labelLimit: 220 } },
        x: { field: 'value', type: 'quantitative', scale: { domain: [1, 6] }, title: axisTitle },
      },
      layer: [
        // Bars start at the scale's lowest value (1), not at zero.
        { mark: { type: 'bar', color: '#0067c5' }, encoding: { x2: { datum: 1 } } },
        { mark: { type: 'text', align: 'left', dx: 4, color: '#23262a' }, encoding: { text: { field: 'text' } } },
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
  const values = rows.flatMap((r) => {
    const total = r.distribution.reduce((a, b) => a + b, 0);
    return r.distribution.map((count, i) => ({
      label: r.label,
      answer: `${i + 1} ${scaleLabels[i]}`,
      share: total ? count / total : 0,
      order: i,
    }));
  });
  return render(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 360,
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'label', type: 'nominal', sort: rows.map((r) => r.label), title: null, axis: { labelLimit: 220 } },
        x: { field: 'share', type: 'quantitative', stack: 'normalize', title: axisTitle, axis: { format: '%' } },
        color: {
          field: 'answer',
          type: 'ordinal',
          title: null,
          scale: { range: ['#c30000', '#e18071', '#f5c7be', '#b7d4ee', '#66a3e0', '#005b82'] },
          legend: { orient: 'bottom', columns: 3 },
        },
        order: { field: 'order' },
      },
    } as TopLevelSpec,
    lang,
  );
}
