import type { AppContext } from '../core/context.ts';
import { audit, loadUnitTree } from '../access/actor.ts';
import { descendants, type Actor, type UnitTree } from '../access/scope.ts';
import type { Lang } from '../i18n/index.ts';
import { counselorReport, type CounselorReport, type PeriodResult } from '../reporting/counselor-report.ts';
import { openReaderView, type Reader, type ReaderView } from '../disclosure/reader-store.ts';
import type { PeriodKind } from '../time/periods.ts';
import { AppError } from '../core/errors.ts';
import { accessFacts, accessFactsForMany, decideIndividualAccess, type AccessReason } from './access.ts';

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

/**
 * The counselors whose individual results `actor` may read now, with why; for a "shared with me"
 * list or to decide whether to show a link to it. Never the actor themself.
 */
export async function readableCounselors(
  ctx: AppContext,
  actor: Actor,
  tree?: UnitTree,
): Promise<Array<{ id: string; name: string; reasons: AccessReason[]; figures: boolean; comments: boolean }>> {
  const unitTree = tree ?? (await loadUnitTree(ctx.db));
  const led = [...new Set(actor.leaderOf.flatMap((u) => [u, ...descendants(unitTree, u).map((d) => d.id)]))];
  const groupMates = await ctx.db
    .selectFrom('colleague_group_member as mine')
    .innerJoin('colleague_group_member as theirs', 'theirs.group_id', 'mine.group_id')
    .select('theirs.employee_id')
    .where('mine.employee_id', '=', actor.employeeId)
    .where('mine.removed_at', 'is', null)
    .where('theirs.removed_at', 'is', null)
    .execute();
  const mates = [...new Set(groupMates.map((g) => g.employee_id))];
  if (led.length === 0 && mates.length === 0) return [];
  const candidates = await ctx.db
    .selectFrom('employee')
    .select(['id', 'name'])
    .where('active', '=', true)
    .where('role', '=', 'counselor')
    .where('id', '!=', actor.employeeId)
    .where((eb) => eb.or([...(led.length > 0 ? [eb('unit_id', 'in', led)] : []), ...(mates.length > 0 ? [eb('id', 'in', mates)] : [])]))
    .orderBy('name')
    .execute();
  const facts = await accessFactsForMany(
    ctx,
    actor,
    candidates.map((c) => c.id),
    unitTree,
  );
  const out: Array<{ id: string; name: string; reasons: AccessReason[]; figures: boolean; comments: boolean }> = [];
  for (const c of candidates) {
    const f = facts.get(c.id)!;
    const figures = decideIndividualAccess(f, 'figures');
    const comments = decideIndividualAccess(f, 'comments');
    const reasons = [figures, comments].filter((d): d is { allowed: true; reason: AccessReason } => d.allowed).map((d) => d.reason);
    if (reasons.length > 0)
      out.push({ id: c.id, name: c.name, reasons: [...new Set(reasons)], figures: figures.allowed, comments: comments.allowed });
  }
  return out;
}

/**
 * Everyone `actor` may see one by one, themself included: what the disclosure module needs to know
 * about a reader before it releases any individual figure or comparison (disclosure/reader-store.ts).
 */
export async function readerFor(
  ctx: AppContext,
  actor: Actor,
  tree?: UnitTree,
  known?: Awaited<ReturnType<typeof readableCounselors>>,
): Promise<Reader> {
  const readable = known ?? (await readableCounselors(ctx, actor, tree));
  return {
    actor,
    figures: new Set([actor.employeeId, ...readable.filter((r) => r.figures).map((r) => r.id)]),
    comments: new Set([actor.employeeId, ...readable.filter((r) => r.comments).map((r) => r.id)]),
  };
}

/** The disclosure module's view for `actor`, with everyone they may see one by one (`readable` when the caller has it already). */
export async function readerViewFor(
  ctx: AppContext,
  actor: Actor,
  tree?: UnitTree,
  readable?: Awaited<ReturnType<typeof readableCounselors>>,
): Promise<ReaderView> {
  const unitTree = tree ?? (await loadUnitTree(ctx.db));
  return openReaderView(ctx, await readerFor(ctx, actor, unitTree, readable), { tree: unitTree });
}
