import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { publicUrl } from '../core/config.ts';
import type { Transports } from '../dispatch/transports/index.ts';
import { isLang, translator, type Lang } from '../i18n/index.ts';
import { closingRulesOf, lastFinalMonth, type ClosingRules } from '../time/closing.ts';
import { digestMessages } from './messages.ts';
import { formatMonth } from '../i18n/format.ts';

/**
 * The counselor's optional monthly e-mail: a month's results are in, with a link to them and the
 * number of answers, nothing more (the results themselves stay behind the login). Sent once per
 * counselor and month, from the worker; claimed before sending, so a crash never sends a second one
 * and never loses one (the same idempotency key on a resend).
 */

/**
 * The month a digest sent now reports: the last final one (time/closing.ts), so the number of
 * answers in it is the number its figures rest on and will not change.
 */
export function digestMonth(now: Date, rules: ClosingRules): string {
  return lastFinalMonth(now, rules);
}

export const monthName = (lang: Lang, month: string): string => formatMonth(lang, month);

export function composeDigest(input: { lang: Lang; name: string; month: string; answers: number; link: string; setting: string }): {
  subject: string;
  text: string;
} {
  const t = translator(digestMessages, input.lang);
  const month = monthName(input.lang, input.month);
  return {
    subject: t('subject', { month }),
    text: t('body', { name: input.name, answers: input.answers, month, link: input.link, setting: input.setting }),
  };
}

export async function digestSetting(ctx: AppContext, employeeId: string): Promise<{ on: boolean; email: string | null }> {
  const row = await ctx.db
    .selectFrom('employee')
    .leftJoin('counselor_setting', 'counselor_setting.employee_id', 'employee.id')
    .select(['employee.email', 'counselor_setting.monthly_digest'])
    .where('employee.id', '=', employeeId)
    .executeTakeFirst();
  return { on: row?.monthly_digest ?? false, email: row?.email ?? null };
}

export async function setDigest(ctx: AppContext, employeeId: string, on: boolean, lang: Lang): Promise<void> {
  await ctx.db
    .insertInto('counselor_setting')
    .values({ employee_id: employeeId, compare_with_averages: false, monthly_digest: on, digest_language: lang, updated_at: ctx.now() })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet({ monthly_digest: on, digest_language: lang, updated_at: ctx.now() }))
    .execute();
}

/**
 * One pass: claims up to `limit` counselors who want the digest, have an address and have not had
 * last month's (or whose claim's lease ran out), sends each, and marks it sent. Returns how many went.
 */
export async function sendDigests(ctx: AppContext, transports: Transports, limit = 100): Promise<number> {
  const now = ctx.now();
  const month = digestMonth(now, closingRulesOf(ctx.config));
  const lease = new Date(now.getTime() + ctx.config.WORKER_LEASE_SECONDS * 1000);
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ employee_id: string; name: string; email: string; digest_language: string }>`
      select e.id as employee_id, e.name, e.email, s.digest_language
      from counselor_setting s join employee e on e.id = s.employee_id
      where s.monthly_digest and e.active and e.email is not null
        and not exists (select 1 from digest_sent d where d.employee_id = e.id and d.month = ${month}::date
                          and (d.state = 'sent' or d.lease_until > ${now.toISOString()}::timestamptz))
      order by e.id
      limit ${limit}
      for update of s skip locked`.execute(trx);
    if (rows.length === 0) return [];
    await sql`
      insert into digest_sent (employee_id, month, state, lease_until)
      select id, ${month}::date, 'sending', ${lease.toISOString()}::timestamptz from unnest(${rows.map((r) => r.employee_id)}::text[]) as id
      on conflict (employee_id, month) do update set lease_until = excluded.lease_until
        where digest_sent.state = 'sending'`.execute(trx);
    return rows;
  });
  let sent = 0;
  const failures: unknown[] = [];
  for (const row of claimed) {
    const lang: Lang = isLang(row.digest_language) ? row.digest_language : 'nb';
    const answers = Number(
      (
        await ctx.db
          .selectFrom('response')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('counselor_id', '=', row.employee_id)
          .where('month', '=', month)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const markSent = () =>
      ctx.db
        .updateTable('digest_sent')
        .set({ state: 'sent', sent_at: now, lease_until: null })
        .where('employee_id', '=', row.employee_id)
        .where('month', '=', month)
        .execute();
    // A month without answers has nothing to tell: no e-mail, and nothing to do again.
    if (answers === 0) {
      await markSent();
      continue;
    }
    const base = publicUrl(ctx.config);
    const link = `${base}/me?lang=${lang}`;
    const setting = `${base}/me?lang=${lang}#digest`;
    const { subject, text } = composeDigest({ lang, name: row.name, month, answers, link, setting });
    try {
      await transports.email.send({
        idempotencyKey: `digest-${row.employee_id}-${month.slice(0, 7)}`,
        kind: 'digest',
        channel: 'email',
        to: row.email,
        subject,
        text,
        language: lang,
        surveyLink: link,
        optOutLink: setting,
      });
    } catch (err) {
      // Left 'sending': when the lease runs out a later pass sends it again, under the same key.
      failures.push(err);
      continue;
    }
    await markSent();
    sent++;
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `results digest: ${failures.length} of ${claimed.length} e-mails failed; they are retried`);
  return sent;
}
