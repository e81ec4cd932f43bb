import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { publicUrl } from '../core/config.ts';
import type { Transports } from '../dispatch/transports/index.ts';
import { formatDateTime } from '../i18n/format.ts';
import { isLang, translator, type Lang } from '../i18n/index.ts';
import { calendarFile } from './core.ts';
import { circleMessages } from './messages.ts';
import { sessionQuery } from './store.ts';

/**
 * The calendar e-mails of planned and cancelled sessions, sent by the worker. Each (session, member,
 * sequence) is queued in the same transaction as the session's change, claimed with a lease before
 * it goes (FOR UPDATE SKIP LOCKED, as the digest and the invitations are) and marked sent after: a
 * worker that dies in between leaves the lease to run out, and the next pass sends the same
 * message under the same idempotency key — never lost, never a second, different one.
 */

interface Claimed {
  session_id: number;
  employee_id: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  language: string;
}

const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

export async function sendCircleInvites(ctx: AppContext, transports: Transports, limit = 100): Promise<number> {
  const now = ctx.now();
  const lease = new Date(now.getTime() + ctx.config.WORKER_LEASE_SECONDS * 1000);
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<Claimed>`
      select session_id, employee_id, sequence, method, language from circle_invite
      where state = 'pending' or (state = 'sending' and lease_until <= ${now.toISOString()}::timestamptz)
      order by session_id, sequence, employee_id
      limit ${limit}
      for update skip locked`.execute(trx);
    for (const r of rows) {
      await trx
        .updateTable('circle_invite')
        .set({ state: 'sending', lease_until: lease })
        .where('session_id', '=', r.session_id)
        .where('employee_id', '=', r.employee_id)
        .where('sequence', '=', r.sequence)
        .execute();
    }
    return rows.map((r) => ({ ...r, session_id: Number(r.session_id) }));
  });
  let sent = 0;
  const failures: unknown[] = [];
  for (const invite of claimed) {
    const markSent = () =>
      ctx.db
        .updateTable('circle_invite')
        .set({ state: 'sent', sent_at: now, lease_until: null })
        .where('session_id', '=', invite.session_id)
        .where('employee_id', '=', invite.employee_id)
        .where('sequence', '=', invite.sequence)
        .execute();
    const session = await sessionQuery(ctx).select('s.uid').where('s.id', '=', invite.session_id).executeTakeFirstOrThrow();
    const recipient = await ctx.db
      .selectFrom('employee')
      .select(['name', 'email'])
      .where('id', '=', invite.employee_id)
      .executeTakeFirstOrThrow();
    // An address removed since the session was planned: nothing to send to.
    if (!recipient.email) {
      await markSent();
      continue;
    }
    const attendees = await ctx.db
      .selectFrom('circle_invite')
      .innerJoin('employee', 'employee.id', 'circle_invite.employee_id')
      .select(['employee.name', 'employee.email'])
      .distinct()
      .where('circle_invite.session_id', '=', invite.session_id)
      .where('circle_invite.method', '=', 'REQUEST')
      .where('employee.email', 'is not', null)
      .orderBy('employee.name')
      .execute();
    const lang: Lang = isLang(invite.language) ? invite.language : 'nb';
    const t = translator(circleMessages, lang);
    const when = formatDateTime(lang, session.starts_at, ctx.config.TIME_ZONE);
    const where = [session.place, session.video_link].filter(Boolean).join(' · ');
    const link = `${publicUrl(ctx.config)}/groups/${Number(session.group_id)}?lang=${lang}`;
    const vars = {
      name: recipient.name,
      group: session.group_name,
      when,
      theme: session.theme,
      where,
      facilitator: session.facilitator_name,
      link,
    };
    const cancel = invite.method === 'CANCEL';
    const content = calendarFile({
      method: invite.method,
      uid: session.uid,
      sequence: invite.sequence,
      stamp: now,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      summary: t('summary', { theme: session.theme }),
      description: `${session.group_name}\n${t('facilitatedBy', { name: session.facilitator_name })}\n${link}`,
      location: where || null,
      url: session.video_link,
      organizer: { name: session.group_name, email: addressOf(ctx.config.SMTP_FROM) },
      attendees: attendees.map((a) => ({ name: a.name, email: a.email! })),
    });
    try {
      await transports.email.send({
        idempotencyKey: `circle-${invite.session_id}-${invite.employee_id}-${invite.sequence}`,
        kind: 'session',
        channel: 'email',
        to: recipient.email,
        subject: cancel ? t('mailSubjectCancel', { when }) : t('mailSubject', { when, theme: session.theme }),
        text: t(cancel ? 'mailBodyCancel' : 'mailBody', vars),
        language: lang,
        surveyLink: link,
        optOutLink: link,
        calendar: { method: invite.method, filename: cancel ? 'avlyst.ics' : 'invitasjon.ics', content },
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
    throw new AggregateError(failures, `kollegaveiledning: ${failures.length} of ${claimed.length} e-mails failed; they are retried`);
  return sent;
}
