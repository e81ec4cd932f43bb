import type { LocalQuestion } from './store.ts';
import type { LocalResults } from './results.ts';

/**
 * The results of one local question as rows for CSV/XLSX: exactly what the results page shows (the
 * same periods, the same suppression), one row per period, with a suppressed figure left blank and
 * marked — never a zero.
 */
export interface LocalExportRow {
  question_id: number;
  owner: string;
  period: string;
  n: number | null;
  mean: number | null;
  share_agree: number | null;
  dont_know: number | null;
  d1: number | null;
  d2: number | null;
  d3: number | null;
  d4: number | null;
  d5: number | null;
  d6: number | null;
  suppressed: boolean;
}

export const LOCAL_EXPORT_COLUMNS: Array<keyof LocalExportRow> = [
  'question_id',
  'owner',
  'period',
  'n',
  'mean',
  'share_agree',
  'dont_know',
  'd1',
  'd2',
  'd3',
  'd4',
  'd5',
  'd6',
  'suppressed',
];

export function localExportRows(question: Pick<LocalQuestion, 'id' | 'owner_name'>, results: LocalResults): LocalExportRow[] {
  return results.periods.map((p) => {
    const base = { question_id: question.id, owner: question.owner_name, period: p.period };
    if (p.figure.suppressed) {
      return {
        ...base,
        n: null,
        mean: null,
        share_agree: null,
        dont_know: null,
        d1: null,
        d2: null,
        d3: null,
        d4: null,
        d5: null,
        d6: null,
        suppressed: true,
      };
    }
    const [d1, d2, d3, d4, d5, d6] = p.figure.distribution;
    return {
      ...base,
      n: p.figure.n,
      mean: p.figure.mean,
      share_agree: p.figure.share_agree,
      dont_know: p.figure.dont_know,
      d1,
      d2,
      d3,
      d4,
      d5,
      d6,
      suppressed: false,
    };
  });
}
