import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../src/core/context.ts';
import { loadActor } from '../../src/access/actor.ts';
import { heldCounts, officeCircles, sessionsOfCircle, upcomingFor } from '../../src/circles/store.ts';
import { discussionsFor } from '../../src/circles/discussions.ts';
import { demoContext } from '../support/demo.ts';

describe('demo data for kollegaveiledning', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ ctx, close } = await demoContext());
  }, 120_000);
  afterAll(() => close?.());

  it('has two groups, each with a season of sessions held, cancelled and ahead, and leaders see counts only', async () => {
    const groups = await ctx.db.selectFrom('circle_session').select('group_id').distinct().execute();
    expect(groups).toHaveLength(2);
    for (const { group_id } of groups) {
      const sessions = await sessionsOfCircle(ctx, Number(group_id));
      expect(sessions).toHaveLength(8);
      expect(sessions.some((s) => s.cancelledAt)).toBe(true);
      expect(sessions.some((s) => s.startsAt > ctx.now())).toBe(true);
      expect(sessions.filter((s) => s.endsAt < ctx.now() && !s.cancelledAt).length).toBeGreaterThanOrEqual(4);
    }
    expect((await officeCircles(ctx, 'demo-v02')).filter((c) => c.member)).toHaveLength(1);
    const counts = await heldCounts(ctx, (await loadActor(ctx.db, 'demo-l1'))!);
    expect(counts.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(counts)).not.toMatch(/theme|demo-v/);
  });

  it('has the group’s notes of held sessions and a few discussion requests, so demo-v01’s pages are not empty', async () => {
    const notes = await ctx.db.selectFrom('circle_session_note').select('session_id').execute();
    expect(notes.length).toBeGreaterThanOrEqual(6);
    expect((await upcomingFor(ctx, 'demo-v01')).length).toBeGreaterThan(0);
    const v01 = await discussionsFor(ctx, 'demo-v01');
    expect(v01.toMe.length).toBeGreaterThanOrEqual(2); // one to them, one to their group
    expect(v01.mine).toHaveLength(1);
  });
});
