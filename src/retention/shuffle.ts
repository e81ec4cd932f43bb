import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { lastFinalMonth, type ClosingRules } from '../time/closing.ts';
import { addMonths } from '../time/periods.ts';

/**
 * Responses in random order. A new response is appended where the table ends, in the transaction
 * that stores it, so both its physical place (ctid) and its transaction id (xmin) say when it came,
 * relative to the others: with meeting times beside them, a serial number that would survive the
 * closing of every link. This pass rewrites the responses of every month that could still get
 * answers (and the last month that could at the previous pass) in random order, in one transaction:
 * each lands in a random place and all carry the same transaction id. Closure (invitations.ts)
 * waits for a pass after an answer before it lets the invitation forget it was answered, so by the
 * time a database copy no longer says which meeting was answered, nothing says in what order.
 *
 * Moderation marks (comment_moderation) go with the rows they mark and are put back. The fairness
 * triggers mark the rewritten months for a refresh, which leaves their statistics as they were.
 * Safe with several worker nodes: the pass takes the response_shuffle row's lock, or skips.
 */
export async function shuffleRecentResponses(
  db: Database,
  now: Date,
  rules: ClosingRules,
  everyMinutes: number,
): Promise<{ rewritten: number; skipped: boolean }> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('response_shuffle')
      .values({ id: true, shuffled_at: '-infinity' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await trx
      .selectFrom('response_shuffle')
      .select('shuffled_at')
      .where('id', '=', true)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return { rewritten: 0, skipped: true };
    // Before the first pass: -infinity, which the drivers read as no finite time.
    const previous = new Date(row.shuffled_at);
    if (Number.isFinite(previous.getTime()) && now.getTime() - previous.getTime() < everyMinutes * 60_000)
      return { rewritten: 0, skipped: true };
    // Months not yet final at the previous pass could have had answers since; before any pass, all.
    const from = Number.isFinite(previous.getTime()) ? addMonths(lastFinalMonth(previous, rules), 1) : '0001-01-01';
    const marks = await trx
      .selectFrom('comment_moderation')
      .innerJoin('response', 'response.id', 'comment_moderation.response_id')
      .selectAll('comment_moderation')
      .where('response.month', '>=', from)
      .execute();
    const moved = await sql<{ n: number }>`
      with gone as (delete from response where month >= ${from}::date returning *),
           back as (insert into response select * from gone order by random() returning 1)
      select count(*)::int as n from back`.execute(trx);
    if (marks.length > 0) await trx.insertInto('comment_moderation').values(marks).execute();
    await trx.updateTable('response_shuffle').set({ shuffled_at: now.toISOString() }).where('id', '=', true).execute();
    return { rewritten: moved.rows[0]?.n ?? 0, skipped: false };
  });
}
