import type { AppContext } from '../core/context.ts';
import { loadActor } from '../access/actor.ts';
import { addDays, localDate } from '../time/zone.ts';
import { releasedComments, reportComment } from './moderation.ts';
import { addMember, createGroup, publishPolicy, setShare } from '../consent/store.ts';

/**
 * Demo sharing, so every sharing view shows something: one Fjordby counselor shares figures and
 * comments with the leader, a kollegaveiledning group where one member shares figures, Dalheim's
 * published policy (announced a month ago, in force for two weeks), and one reported comment.
 */
export async function seedDemoSharing(ctx: AppContext): Promise<void> {
  const admin = await loadActor(ctx.db, 'demo-admin');
  if (!admin) return;
  await setShare(ctx, 'demo-v01', { grantee: 'leader', groupId: null }, 'figures', true);
  await setShare(ctx, 'demo-v01', { grantee: 'leader', groupId: null }, 'comments', true);

  const groupId = await createGroup(ctx, 'demo-v02', 'Kollegaveiledning onsdag');
  await addMember(ctx, 'demo-v02', groupId, 'demo-v03');
  await addMember(ctx, 'demo-v02', groupId, 'demo-v04');
  await setShare(ctx, 'demo-v03', { grantee: 'group', groupId }, 'figures', true);

  // Published a month ago with the required notice, so it is in force now.
  const publishedAt = new Date(ctx.now().getTime() - 30 * 24 * 60 * 60 * 1000);
  const startsOn = addDays(localDate(publishedAt, ctx.config.TIME_ZONE), Math.max(ctx.config.POLICY_NOTICE_DAYS, 16));
  await publishPolicy({ ...ctx, now: () => publishedAt }, admin, { officeId: 'demo-dalheim', startsOn, includesComments: false });

  const [first] = await releasedComments(ctx, 'demo-v05');
  if (first) await reportComment(ctx, 'demo-v05', first.ref);
}
