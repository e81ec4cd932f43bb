import { sql, type Selectable } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { publicUrl } from '../core/config.ts';
import type { InvitationTable } from '../db/schema.ts';
import { startPeriodic } from '../jobs/periodic.ts';
import { isLang } from '../i18n/index.ts';
import { clearCaseMix, NO_CONTACT } from './finalize.ts';
import { dueAction } from './lifecycle.ts';
import { composeMessage } from './messages.ts';
import { expiryTime, reminderTime, retryDelayMs, rulesFromConfig } from './rules.ts';
import { hashToken, newToken } from './tokens.ts';
import { closeTransports, createTransports, TransportError, type Transports } from './transports/index.ts';
import { scrubContact, type OutgoingMessage } from './transports/types.ts';

type Invitation = Selectable<InvitationTable>;
type Db = AppContext['db'];

interface ClaimedSend {
  row: Invitation;
  kind: 'invite' | 'reminder';
  leaseUntil: Date;
  optedOut: boolean;
  /** The meeting's month (YYYY-MM-DD): its link may not outlive the month's final moment. */
  meetingMonth: string | null;
}

export interface RunOptions {
  /** Defaults to the transports of ctx.config, created for this pass and closed after it. */
  transports?: Transports;
  /** How many due invitations to claim; defaults to WORKER_BATCH_SIZE. */
  limit?: number;
}

/** Sends in flight at once within one pass; the database work per send is small. */
const SEND_CONCURRENCY = 4;

/**
 * One pass over due work: claim, then send. Returns how many invitations were acted on.
 * Safe to run on several nodes at once: claims use FOR UPDATE SKIP LOCKED and a lease.
 */
export async function runDueWork(ctx: AppContext, opts: RunOptions = {}): Promise<number> {
  const own = opts.transports ? null : createTransports(ctx.config, ctx.now);
  const transports = opts.transports ?? own!;
  try {
    const { handled, sends } = await claimDue(ctx, opts.limit ?? ctx.config.WORKER_BATCH_SIZE);
    const queue = [...sends];
    const errors: unknown[] = [];
    // One job's database error must not stop the others (their claims would sit until the lease runs out).
    const lanes = Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await deliver(ctx, transports, job).catch((err: unknown) => errors.push(err));
    });
    await Promise.all(lanes);
    if (errors.length > 0) throw new AggregateError(errors, `dispatch: ${errors.length} of ${sends.length} deliveries failed unexpectedly`);
    return handled + sends.length;
  } finally {
    if (own) await closeTransports(own);
  }
}

/**
 * Claims due invitations in one short transaction. Sends are only marked (state sending/reminding
 * with a lease) and committed before anything leaves the building; expiry and other bookkeeping
 * is done right here.
 */
async function claimDue(ctx: AppContext, limit: number): Promise<{ handled: number; sends: ClaimedSend[] }> {
  const now = ctx.now();
  const leaseUntil = new Date(now.getTime() + ctx.config.WORKER_LEASE_SECONDS * 1000);
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('invitation')
      .selectAll('invitation')
      // Opt-out is checked again at send time: the person may have said no after scheduling.
      // Any of the person's contacts counts, not only the one the message goes to.
      .select(
        sql<boolean>`exists (select 1 from opt_out o where o.contact_key = invitation.contact_key or o.contact_key = any(invitation.contact_keys))`.as(
          'opted_out',
        ),
      )
      .select(sql<string>`(select to_char(m.month, 'YYYY-MM-DD') from meeting m where m.id = invitation.meeting_id)`.as('meeting_month'))
      .where('next_action_at', '<=', now)
      .orderBy('next_action_at')
      .limit(limit)
      .forUpdate('invitation')
      .skipLocked()
      .execute();
    const sends: ClaimedSend[] = [];
    const toClaim: Record<'invite' | 'reminder', string[]> = { invite: [], reminder: [] };
    let handled = 0;
    for (const { opted_out: optedOut, meeting_month: meetingMonth, ...row } of rows) {
      const action = dueAction(row, now, ctx.config.MAX_DELIVERY_ATTEMPTS);
      const id = row.meeting_id;
      switch (action.kind) {
        case 'send_invite':
        case 'send_reminder': {
          const kind = action.kind === 'send_invite' ? 'invite' : 'reminder';
          toClaim[kind].push(id);
          sends.push({ row: { ...row, attempts: row.attempts + 1 }, kind, leaseUntil, optedOut: Boolean(optedOut), meetingMonth });
          break;
        }
        case 'expire':
          await finish(trx, id, 'expired', now, { clearMeeting: true });
          handled++;
          break;
        case 'give_up':
          await giveUp(trx, row, row.state === 'reminding' ? 'reminder' : 'invite', now, 'gave up after repeated interrupted attempts');
          handled++;
          break;
        case 'settle':
          await trx
            .updateTable('invitation')
            .set({ ...NO_CONTACT, next_action_at: null, lease_until: null })
            .where('meeting_id', '=', id)
            .execute();
          handled++;
          break;
        case 'wait':
          await trx
            .updateTable('invitation')
            .set({ next_action_at: action.until, lease_until: null })
            .where('meeting_id', '=', id)
            .execute();
          handled++;
          break;
      }
    }
    for (const kind of ['invite', 'reminder'] as const) {
      if (toClaim[kind].length === 0) continue;
      await trx
        .updateTable('invitation')
        .set((eb) => ({
          state: kind === 'invite' ? 'sending' : 'reminding',
          attempts: eb('attempts', '+', 1),
          lease_until: leaseUntil,
          // If this worker dies, the row comes due again when the lease runs out.
          next_action_at: leaseUntil,
        }))
        .where('meeting_id', 'in', toClaim[kind])
        .execute();
    }
    return { handled, sends };
  });
}

async function finish(
  db: Db,
  meetingId: string,
  state: 'expired' | 'failed' | 'cancelled',
  now: Date,
  opts: { clearMeeting: boolean; error?: string },
) {
  await db
    .updateTable('invitation')
    .set({
      state,
      ...NO_CONTACT,
      next_action_at: null,
      lease_until: null,
      finalized_at: now,
      ...(opts.error ? { last_error: opts.error } : {}),
    })
    .where('meeting_id', '=', meetingId)
    .execute();
  if (opts.clearMeeting) await clearCaseMix(db, meetingId);
}

/**
 * Delivery cannot succeed. A first message that never went out ends the invitation ('failed').
 * A reminder that cannot go out only loses the reminder: the first link still works until expiry.
 */
async function giveUp(db: Db, row: Invitation, kind: 'invite' | 'reminder', now: Date, error: string) {
  if (kind === 'invite') return finish(db, row.meeting_id, 'failed', now, { clearMeeting: true, error });
  await db
    .updateTable('invitation')
    .set({ state: 'sent', ...NO_CONTACT, reminder_at: null, next_action_at: row.expires_at, lease_until: null, last_error: error })
    .where('meeting_id', '=', row.meeting_id)
    .execute();
}

/** Locks the row and checks nobody (the survey, another worker) has moved it on since the claim. */
async function stillInState(trx: Db, meetingId: string, state: 'sending' | 'reminding'): Promise<boolean> {
  const current = await trx.selectFrom('invitation').select('state').where('meeting_id', '=', meetingId).forUpdate().executeTakeFirst();
  return current?.state === state;
}

async function deliver(ctx: AppContext, transports: Transports, job: ClaimedSend): Promise<void> {
  const { row, kind } = job;
  const claimedState = kind === 'invite' ? 'sending' : 'reminding';
  const now = ctx.now();
  const address = row.contact_email ?? row.contact_phone;
  const channel = row.contact_email ? 'email' : 'sms';

  const optedOut = job.optedOut;
  if (optedOut || !address || !row.contact_key) {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await stillInState(trx, row.meeting_id, claimedState))) return; // answered meanwhile
      if (kind === 'reminder') return giveUp(trx, row, 'reminder', now, optedOut ? 'opted out' : 'no contact');
      await finish(trx, row.meeting_id, 'cancelled', now, { clearMeeting: true, error: optedOut ? 'opted out' : 'no contact' });
      if (optedOut) await trx.updateTable('meeting').set({ exclusion_reason: 'opted_out' }).where('id', '=', row.meeting_id).execute();
    });
    return;
  }

  // Past the moment the meeting's month is final (a worker that was down for weeks): no answer may
  // change that month's figures now, so the invitation expires unsent.
  const rules = rulesFromConfig(ctx.config);
  if (kind === 'invite' && (job.meetingMonth === null || expiryTime(now, job.meetingMonth, rules).getTime() <= now.getTime())) {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await stillInState(trx, row.meeting_id, claimedState))) return;
      await finish(trx, row.meeting_id, 'expired', now, { clearMeeting: true, error: "the meeting's month is final" });
    });
    return;
  }

  // Fresh tokens for this message, stored (as hashes) before it is sent, so any link that reaches
  // the user works. A re-send after a crash makes new ones; the old ones keep working too.
  const token = newToken();
  const optOutToken = newToken();
  const renewedLease = new Date(now.getTime() + ctx.config.WORKER_LEASE_SECONDS * 1000);
  // One statement (one round trip, atomic): renew the lease — which also proves it is still ours,
  // as the claim may have waited behind others in this pass — and store both token hashes.
  const touched = await sql<{ meeting_id: string }>`
    with touched as (
      update invitation set lease_until = ${renewedLease.toISOString()}::timestamptz, next_action_at = ${renewedLease.toISOString()}::timestamptz
      where meeting_id = ${row.meeting_id}::uuid and state = ${claimedState} and lease_until = ${job.leaseUntil.toISOString()}::timestamptz
      returning meeting_id, contact_key, contact_keys
    ), survey_token as (
      insert into invitation_token (token_hash, meeting_id, purpose, created_at)
      select ${hashToken(token)}, meeting_id, ${kind}, ${now.toISOString()}::timestamptz from touched
    ), opt_out_token as (
      insert into opt_out_link (token_hash, contact_key, contact_keys, created_at)
      select ${hashToken(optOutToken)}, contact_key, contact_keys, ${now.toISOString()}::timestamptz from touched
    )
    select meeting_id from touched`.execute(ctx.db);
  const stillOurs = touched.rows.length === 1; // otherwise: lease lost to another worker, or answered meanwhile
  if (!stillOurs) return;

  // Times the message states are the times stored when it is marked sent.
  const expiresAt = kind === 'invite' ? expiryTime(now, job.meetingMonth!, rules) : row.expires_at;
  const reminderAt = kind === 'invite' ? reminderTime(now, expiresAt, rules) : null;
  const base = publicUrl(ctx.config);
  const language = isLang(row.language) ? row.language : 'nb';
  const surveyLink = `${base}/s/${token}`;
  const optOutLink = `${base}/optout/${optOutToken}`;
  const text = composeMessage({ kind, channel, lang: language, link: surveyLink, optOutLink, expiresAt, timeZone: ctx.config.TIME_ZONE });
  const message: OutgoingMessage = {
    idempotencyKey: `${row.meeting_id}-${kind}`,
    kind,
    channel,
    to: address,
    subject: text.subject,
    text: text.text,
    language,
    surveyLink,
    optOutLink,
  };

  try {
    await transports[channel].send(message);
  } catch (err) {
    const permanent = err instanceof TransportError && err.permanent;
    // Scrubbed here whatever the transport did: an error text must never keep a contact alive.
    const error = scrubContact(err instanceof Error ? err.message : String(err));
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await stillInState(trx, row.meeting_id, claimedState))) return; // answered or taken over meanwhile
      if (permanent || row.attempts >= ctx.config.MAX_DELIVERY_ATTEMPTS) return giveUp(trx, row, kind, now, error);
      await trx
        .updateTable('invitation')
        .set({
          state: kind === 'invite' ? 'scheduled' : 'sent',
          next_action_at: new Date(now.getTime() + retryDelayMs(row.attempts, ctx.config.DELIVERY_RETRY_SECONDS * 1000)),
          lease_until: null,
          last_error: error,
        })
        .where('meeting_id', '=', row.meeting_id)
        .execute();
    });
    return;
  }

  // Test hook for the crash-safety test: die between "sent" and "marked sent".
  if (process.env.BRUKERSTEMME_FAULT === 'exit-after-send') process.kill(process.pid, 'SIGKILL');

  if (kind === 'invite') {
    await ctx.db
      .updateTable('invitation')
      .set({
        state: 'sent',
        sent_at: now,
        expires_at: expiresAt,
        reminder_at: reminderAt,
        next_action_at: reminderAt ?? expiresAt,
        // Without a reminder to come, this was the last message: the contact goes now.
        ...(reminderAt ? {} : NO_CONTACT),
        attempts: 0,
        lease_until: null,
        last_error: null,
      })
      .where('meeting_id', '=', row.meeting_id)
      .where('state', '=', 'sending')
      .execute();
  } else {
    await ctx.db
      .updateTable('invitation')
      .set({ state: 'reminded', reminded_at: now, ...NO_CONTACT, next_action_at: row.expires_at, lease_until: null, last_error: null })
      .where('meeting_id', '=', row.meeting_id)
      .where('state', '=', 'reminding')
      .execute();
  }
}

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Polls for due work until stopped. A full batch means more may be waiting, so the next pass
 * starts at once; otherwise it sleeps WORKER_POLL_MS. Errors are reported and the loop goes on.
 */
export function startWorker(ctx: AppContext, opts: { transports?: Transports; onError?: (err: unknown) => void } = {}): Worker {
  const transports = opts.transports ?? createTransports(ctx.config, ctx.now);
  const onError = opts.onError ?? ((err: unknown) => console.error('dispatch worker:', err));
  const job = startPeriodic(
    'dispatch worker',
    ctx.config.WORKER_POLL_MS,
    async () => (await runDueWork(ctx, { transports })) >= ctx.config.WORKER_BATCH_SIZE,
    onError,
  );
  return {
    async stop() {
      await job.stop();
      if (!opts.transports) await closeTransports(transports);
    },
  };
}
