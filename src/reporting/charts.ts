import type { TopLevelSpec } from 'vega-lite';

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

async function render(spec: TopLevelSpec): Promise<string> {
  // Loaded on the first chart, not at start: Vega and Vega-Lite are some 300 modules.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile({ ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
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

/** Horizontal bars (means on the 1–6 scale), in the order given (never sorted by value). */
export function meanBars(items: BarItem[], axisTitle: string): Promise<string> {
  const values = items
    .filter((i) => i.value !== null)
    .map((i) => ({ label: i.label, value: i.value, text: i.n !== undefined ? `${i.value!.toFixed(1)} (n=${i.n})` : i.value!.toFixed(1) }));
  const order = items.map((i) => i.label);
  return render({
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
  } as TopLevelSpec);
}

/** Stacked shares of the answers 1..6 per statement (only released statements). */
export function distributionBars(
  rows: Array<{ label: string; distribution: number[] }>,
  scaleLabels: string[],
  axisTitle: string,
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
  return render({
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
  } as TopLevelSpec);
}
