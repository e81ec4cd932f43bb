import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../src/core/context.ts';
import { loadActor } from '../../src/access/actor.ts';
import { canReadIndividual } from '../../src/consent/access.ts';
import { moderationQueue } from '../../src/sharing/moderation.ts';
import { demoContext } from '../support/demo.ts';

describe('demo data for sharing', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ctx, close } = await demoContext());
  }, 120_000);
  afterAll(() => close?.());

  it('has a share with a leader, a group share, an office policy in force, and a reported comment', async () => {
    const fjordbyLeader = (await loadActor(ctx.db, 'demo-l1'))!;
    const dalheimLeader = (await loadActor(ctx.db, 'demo-l2'))!;
    expect(await canReadIndividual(ctx, fjordbyLeader, 'demo-v01', 'comments')).toEqual({ allowed: true, reason: 'shared-with-leader' });
    expect(await canReadIndividual(ctx, (await loadActor(ctx.db, 'demo-v04'))!, 'demo-v03', 'figures')).toEqual({
      allowed: true,
      reason: 'shared-with-group',
    });
    const dalheimCounselor = await ctx.db
      .selectFrom('employee')
      .innerJoin('unit', 'unit.id', 'employee.unit_id')
      .select('employee.id')
      .where('unit.parent_id', '=', 'demo-dalheim')
      .where('employee.role', '=', 'counselor')
      .executeTakeFirstOrThrow();
    expect(await canReadIndividual(ctx, dalheimLeader, dalheimCounselor.id, 'figures')).toEqual({ allowed: true, reason: 'office-policy' });
    expect((await canReadIndividual(ctx, dalheimLeader, dalheimCounselor.id, 'comments')).allowed).toBe(false);
    expect(await moderationQueue(ctx)).toHaveLength(1);
    const policyAudit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'policy.publish').execute();
    expect(policyAudit).toHaveLength(1);
  });
});
