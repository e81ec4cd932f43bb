import type { AppContext } from '../core/context.ts';
import { audit } from '../access/actor.ts';
import type { Actor } from '../access/scope.ts';
import type { Lang } from '../i18n/index.ts';
import { counselorReport, type CounselorReport, type PeriodResult } from '../reporting/counselor-report.ts';
import { openReaderView } from '../disclosure/reader-store.ts';
import type { PeriodKind } from '../time/periods.ts';
import { AppError } from '../core/errors.ts';
import { accessFacts, decideIndividualAccess, type AccessReason } from '../consent/access.ts';
import { readerFor } from '../consent/readers.ts';

/**
 * One counselor's results as someone else may see them: figures and comments each only when
 * allowed, and every read by anyone but the owner written to the audit log.
 */
export interface IndividualView {
  counselor: { id: string; name: string };
  access: { figures: AccessReason | null; comments: AccessReason | null };
  period_kind: PeriodKind;
  thresholds: CounselorReport['thresholds'];
  periods: Array<
    Omit<PeriodResult, 'statements' | 'overall' | 'nav_general' | 'comments'> & {
      statements: PeriodResult['statements'] | null;
      overall: PeriodResult['overall'] | null;
      nav_general: PeriodResult['nav_general'] | null;
      comments: PeriodResult['comments'] | { suppressed: true; reason: 'not_shared' };
    }
  >;
}

export async function individualView(
  ctx: AppContext,
  actor: Actor,
  counselorId: string,
  lang: Lang,
  kind: PeriodKind,
  channel: 'page' | 'json',
): Promise<IndividualView> {
  const facts = await accessFacts(ctx, actor, counselorId);
  const figures = decideIndividualAccess(facts, 'figures');
  const comments = decideIndividualAccess(facts, 'comments');
  if (figures.reason === 'unknown-counselor') throw new AppError('not_found', { reason: 'employee_unknown' });
  if (!figures.allowed && !comments.allowed) throw new AppError('forbidden', { reason: 'not_shared' });
  // Decided for this reader: with the group figures they can open and everything they saw before.
  const readerView = await openReaderView(ctx, await readerFor(ctx, actor, facts.tree), { tree: facts.tree });
  const report = await counselorReport(ctx, readerView, counselorId, lang, kind, { figures: figures.allowed, comments: comments.allowed });
  if (!report) throw new AppError('not_found', { reason: 'employee_unknown' });
  const view: IndividualView = {
    counselor: report.counselor,
    access: { figures: figures.allowed ? figures.reason : null, comments: comments.allowed ? comments.reason : null },
    period_kind: report.period_kind,
    thresholds: report.thresholds,
    periods: report.periods.map((p) => ({
      ...p,
      statements: figures.allowed ? p.statements : null,
      overall: figures.allowed ? p.overall : null,
      nav_general: figures.allowed ? p.nav_general : null,
      comments: comments.allowed ? p.comments : { suppressed: true, reason: 'not_shared' },
    })),
  };
  if (actor.employeeId !== counselorId) {
    await audit(ctx.db, {
      actorId: actor.employeeId,
      action: 'individual_results.read',
      subjectEmployeeId: counselorId,
      detail: {
        what: [figures.allowed ? 'figures' : null, comments.allowed ? 'comments' : null].filter(Boolean),
        reasons: view.access,
        period_kind: kind,
        channel,
      },
      at: ctx.now(),
    });
  }
  return view;
}
