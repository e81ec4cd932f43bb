import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import { descendants, type Actor, type UnitTree } from '../access/scope.ts';
import { openReaderView, type Reader, type ReaderView } from '../disclosure/reader-store.ts';
import { accessFactsForMany, decideIndividualAccess, type AccessReason } from './access.ts';

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
