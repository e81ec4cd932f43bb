import { createHmac } from 'node:crypto';
import type { AppContext } from '../core/context.ts';
import { audit, loadActor } from '../access/actor.ts';
import type { Lang } from '../i18n/index.ts';
import { counselorReport, employeeNameMatcher } from '../reporting/counselor-report.ts';
import { scrubComment } from '../validation/scrub.ts';
import { readerViewFor } from '../consent/readers.ts';
import { AppError } from '../core/errors.ts';

/**
 * Comment moderation. Readers never see a response id; a comment is named by a reference that is an
 * HMAC of the response id under a server secret: stable per comment, and saying nothing about order
 * or time. State (reported, hidden, kept) lives in comment_moderation, keyed by the response id.
 */
export function commentRef(secret: string, responseId: string): string {
  return createHmac('sha256', secret).update(`comment:${responseId}`).digest('base64url').slice(0, 22);
}

export interface ReleasedComment {
  ref: string;
  month: string;
  text: string;
  /** The language the user answered in. */
  lang: string;
  state: 'none' | 'reported' | 'hidden' | 'kept';
}

/**
 * The counselor's comments that their report releases (the tertial batches the disclosure module
 * lets them read), each with its reference and moderation state; ordered by reference, which is as
 * good as shuffled.
 */
export async function releasedComments(ctx: AppContext, counselorId: string, lang: Lang = 'nb'): Promise<ReleasedComment[]> {
  const actor = await loadActor(ctx.db, counselorId);
  if (!actor) return [];
  const report = await counselorReport(ctx, await readerViewFor(ctx, actor), counselorId, lang, 'tertial');
  if (!report) return [];
  const released = report.periods.filter((p) => !p.comments.suppressed);
  if (released.length === 0) return [];
  const secret = ctx.secrets.commentRef;
  const names = await employeeNameMatcher(ctx);
  const out: ReleasedComment[] = [];
  for (const p of released) {
    const rows = await ctx.db
      .selectFrom('response')
      .leftJoin('comment_moderation', 'comment_moderation.response_id', 'response.id')
      .select(['response.id', 'response.month', 'response.comment', 'response.language', 'comment_moderation.state'])
      .where('response.counselor_id', '=', counselorId)
      .where('response.unit_id', '=', p.unit.id)
      .where('response.instrument_id', '=', p.instrument.id)
      .where('response.instrument_version', '=', p.instrument.version)
      .where('response.month', '>=', p.from)
      .where('response.month', '<', p.to)
      .where('response.comment', 'is not', null)
      .execute();
    for (const r of rows) {
      out.push({
        ref: commentRef(secret, r.id),
        month: String(r.month).slice(0, 7),
        text: scrubComment(r.comment ?? '', names),
        lang: r.language,
        state: r.state ?? 'none',
      });
    }
  }
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/** The counselor reports one of their released comments as abusive. Reporting twice is harmless. */
export async function reportComment(ctx: AppContext, counselorId: string, ref: string): Promise<void> {
  const mine = await releasedComments(ctx, counselorId);
  if (!mine.some((c) => c.ref === ref)) throw new AppError('not_found', { reason: 'comment_unknown' });
  const responseId = await responseIdFor(ctx, counselorId, ref);
  await ctx.db
    .insertInto('comment_moderation')
    .values({ response_id: responseId, state: 'reported', reported_at: ctx.now() })
    .onConflict((oc) => oc.column('response_id').doNothing())
    .execute();
}

async function responseIdFor(ctx: AppContext, counselorId: string | null, ref: string): Promise<string> {
  const secret = ctx.secrets.commentRef;
  let q = ctx.db.selectFrom('response').select('id').where('comment', 'is not', null);
  if (counselorId) q = q.where('counselor_id', '=', counselorId);
  else q = q.where('id', 'in', ctx.db.selectFrom('comment_moderation').select('response_id'));
  const ids = await q.execute();
  const match = ids.find((r) => commentRef(secret, r.id) === ref);
  if (!match) throw new AppError('not_found', { reason: 'comment_unknown' });
  return match.id;
}

export interface ModerationItem {
  ref: string;
  month: string;
  text: string;
  /** The language the user answered in. */
  lang: string;
  state: 'reported' | 'hidden' | 'kept';
  reported_at: Date;
}

/** What the administrator sees: reported comments first, then decided ones; scrubbed, without the counselor. */
export async function moderationQueue(ctx: AppContext): Promise<ModerationItem[]> {
  const secret = ctx.secrets.commentRef;
  const names = await employeeNameMatcher(ctx);
  const rows = await ctx.db
    .selectFrom('comment_moderation')
    .innerJoin('response', 'response.id', 'comment_moderation.response_id')
    .select([
      'response.id',
      'response.month',
      'response.comment',
      'response.language',
      'comment_moderation.state',
      'comment_moderation.reported_at',
    ])
    .orderBy('comment_moderation.reported_at', 'desc')
    .execute();
  const order = { reported: 0, hidden: 1, kept: 2 } as const;
  return rows
    .map((r) => ({
      ref: commentRef(secret, r.id),
      month: String(r.month).slice(0, 7),
      text: scrubComment(r.comment ?? '', names),
      lang: r.language,
      state: r.state,
      reported_at: r.reported_at,
    }))
    .sort((a, b) => order[a.state] - order[b.state]);
}

/** The administrator's decision on a reported comment: hide it, or keep it shown. Audited. */
export async function decideComment(ctx: AppContext, adminId: string, ref: string, decision: 'hidden' | 'kept'): Promise<void> {
  const responseId = await responseIdFor(ctx, null, ref);
  const response = await ctx.db
    .selectFrom('response')
    .select(['counselor_id', 'unit_id'])
    .where('id', '=', responseId)
    .executeTakeFirstOrThrow();
  const now = ctx.now();
  await ctx.db
    .updateTable('comment_moderation')
    .set({ state: decision, decided_at: now, decided_by: adminId })
    .where('response_id', '=', responseId)
    .execute();
  await audit(ctx.db, {
    actorId: adminId,
    action: decision === 'hidden' ? 'comment.hide' : 'comment.keep',
    subjectEmployeeId: response.counselor_id,
    unitId: response.unit_id,
    detail: { comment_ref: ref },
    at: now,
  });
}
