import type { Figure } from '../disclosure/figures.ts';
import type { UnitReport } from './group-report.ts';

/**
 * Exports of exactly what the reader's report holds: the same released table, so a suppressed
 * cell stays suppressed (an empty figure and suppressed = yes, never a zero). Group level only:
 * no individual-level export exists here.
 */

export interface ExportRow {
  unit_id: string;
  unit: string;
  period: string;
  measure: string;
  n: number | null;
  mean: number | null;
  share_positive: number | null;
  suppressed: boolean;
}

export const EXPORT_COLUMNS: Array<keyof ExportRow> = ['unit_id', 'unit', 'period', 'measure', 'n', 'mean', 'share_positive', 'suppressed'];

const row = (unit: { id: string; name: string }, period: string, measure: string, figure: Figure): ExportRow =>
  figure.suppressed
    ? { unit_id: unit.id, unit: unit.name, period, measure, n: null, mean: null, share_positive: null, suppressed: true }
    : {
        unit_id: unit.id,
        unit: unit.name,
        period,
        measure,
        n: figure.n,
        mean: figure.mean,
        share_positive: figure.share_positive,
        suppressed: false,
      };

export function exportRows(report: UnitReport): ExportRow[] {
  const rows: ExportRow[] = [];
  const groups = [{ unit: report.unit, result: report.current }, ...report.breakdown.map((b) => ({ unit: b.unit, result: b }))];
  for (const { unit, result } of groups) {
    for (const s of result.statements) rows.push(row(unit, report.period, s.id, s.figure));
    rows.push(row(unit, report.period, 'overall', result.overall));
    rows.push(row(unit, report.period, 'nav_general', result.nav_general));
  }
  for (const p of report.trend) {
    if (p.period === report.period) continue;
    rows.push(row(report.unit, p.period, 'overall', p.overall));
    rows.push(row(report.unit, p.period, 'nav_general', p.nav_general));
  }
  return rows;
}
