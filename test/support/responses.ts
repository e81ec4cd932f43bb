import type { Database } from '../../src/db/database.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';

export interface ResponseSeed {
  counselor_id?: string;
  unit_id?: string;
  month?: string;
  answers?: Array<number | null>;
  overall?: number | null;
  nav_general?: number | null;
  comment?: string | null;
}

/** Inserts stored answers directly, as if users had answered (for report tests). */
export async function insertResponses(db: Database, seeds: ResponseSeed[]): Promise<void> {
  if (seeds.length === 0) return;
  await db
    .insertInto('response')
    .values(
      seeds.map((s) => ({
        instrument_id: NATIONAL_INSTRUMENT.id,
        instrument_version: NATIONAL_INSTRUMENT.version,
        counselor_id: s.counselor_id ?? 'v1',
        unit_id: s.unit_id ?? 't1',
        month: s.month ?? '2026-03-01',
        channel: 'in_person',
        meeting_kind: 'follow_up',
        language: 'nb',
        age_band: null,
        innsatsgruppe: null,
        benefit: null,
        recent_adverse_decision: null,
        interpreter_used: null,
        first_meeting: null,
        answers: s.answers ?? NATIONAL_INSTRUMENT.statements.map(() => 5),
        overall: s.overall === undefined ? 5 : s.overall,
        nav_general: s.nav_general === undefined ? 4 : s.nav_general,
        comment: s.comment ?? null,
      })),
    )
    .execute();
}
