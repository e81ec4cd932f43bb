import { sql } from 'kysely';
import type { Config } from '../core/config.ts';
import type { Database } from '../db/database.ts';
import type { DeletionLedger } from '../ledger/ledger.ts';
import { addMonths, monthStartOf } from '../time/periods.ts';

/**
 * "Responses are retained for a configured period" (PRODUCT.md): answers, and the meetings and
 * invitations they came from, are deleted once their month is RESPONSE_RETENTION_MONTHS whole months
 * behind the current one. Released figures already stored for whole past years stay (they are
 * aggregates under disclosure control); the fair comparison's statistics follow the deletion (the
 * response table's triggers mark the months dirty). Opt-outs are kept: they are a promise, not a
 * record of a meeting.
 */

/** The first month (ISO date) that is still kept. */
export function retentionCutoff(now: Date, config: Pick<Config, 'TIME_ZONE' | 'RESPONSE_RETENTION_MONTHS'>): string {
  return addMonths(monthStartOf(now, config.TIME_ZONE), -config.RESPONSE_RETENTION_MONTHS);
}

export interface RetentionResult {
  cutoff: string;
  responses: number;
  localCounts: number;
  meetings: number;
  optOutLinks: number;
}

/** The last cutoff each ledger was told of in this process: a cutoff moves once a month, the pass runs hourly. */
const recordedCutoff = new WeakMap<DeletionLedger, string>();

/**
 * Deletes in batches, so a first run on years of data does not hold one huge transaction. With a
 * ledger, the cutoff is written to it first (the rule, not the rows), so a restored backup loses
 * these records again however RESPONSE_RETENTION_MONTHS is set by then.
 */
export async function deleteExpiredRecords(
  db: Database,
  now: Date,
  config: Pick<Config, 'TIME_ZONE' | 'RESPONSE_RETENTION_MONTHS'>,
  batchSize = 10_000,
  ledger?: DeletionLedger,
): Promise<RetentionResult> {
  const cutoff = retentionCutoff(now, config);
  if (ledger && recordedCutoff.get(ledger) !== cutoff) {
    await ledger.record({ kind: 'retention', cutoff }, now);
    recordedCutoff.set(ledger, cutoff);
  }
  return deleteRecordsBefore(db, cutoff, batchSize);
}

/** The deletion itself, for a cutoff (ISO date of a month's first day): also what applying a ledger entry runs. */
export async function deleteRecordsBefore(db: Database, cutoff: string, batchSize = 10_000): Promise<RetentionResult> {
  const result: RetentionResult = { cutoff, responses: 0, localCounts: 0, meetings: 0, optOutLinks: 0 };
  const repeat = async (statement: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      const n = await statement();
      total += n;
      if (n < batchSize) return total;
    }
  };
  // Per instrument version, so the (instrument, version, month) index finds the old rows.
  for (const { id, version } of await db.selectFrom('instrument').select(['id', 'version']).execute()) {
    result.responses += await repeat(async () => {
      const { rows } = await sql<{ n: number }>`
        with gone as (
          delete from response where id in (
            select id from response where instrument_id = ${id} and instrument_version = ${version} and month < ${cutoff}::date limit ${batchSize})
          returning 1)
        select count(*)::int as n from gone`.execute(db);
      return rows[0]?.n ?? 0;
    });
  }
  result.localCounts = Number(
    (
      await db
        .deleteFrom('local_answer')
        .where(sql<boolean>`month < ${cutoff}::date`)
        .executeTakeFirst()
    ).numDeletedRows,
  );
  // A meeting goes with its invitation and that invitation's tokens (links long dead by now). One
  // statement: every part runs to completion, and the foreign keys are checked at its end.
  result.meetings = await repeat(async () => {
    const { rows } = await sql<{ n: number }>`
      with old as (
        select id from meeting where month < ${cutoff}::date limit ${batchSize}
      ), tokens as (
        delete from invitation_token t using old where t.meeting_id = old.id returning 1
      ), invitations as (
        delete from invitation i using old where i.meeting_id = old.id returning 1
      ), meetings as (
        delete from meeting m using old where m.id = old.id returning 1
      )
      select count(*)::int as n from meetings`.execute(db);
    return rows[0]?.n ?? 0;
  });
  result.optOutLinks = Number(
    (
      await db
        .deleteFrom('opt_out_link')
        .where(sql<boolean>`created_at < ${cutoff}::date`)
        .executeTakeFirst()
    ).numDeletedRows,
  );
  return result;
}
