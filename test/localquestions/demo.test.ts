import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../src/core/context.ts';
import { loadActor } from '../../src/access/actor.ts';
import { questionsForMeeting, resultsFor, reviewQueue } from '../../src/localquestions/store.ts';
import { demoContext } from '../support/demo.ts';

describe('demo data for office and county questions', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ctx, close } = await demoContext());
  }, 180_000);
  afterAll(() => close?.());

  it("NAV Fjordby's approved question has released results for its leader, its fresh meetings' surveys show it, and the county's proposal waits for review", async () => {
    const { pending } = await reviewQueue(ctx.db);
    expect(pending.map((q) => [q.owner_unit_id, q.status, q.start_month])).toEqual([['demo-fylke', 'pending', '2026-12-01']]);

    const [question] = await ctx.db.selectFrom('local_question').select('id').where('owner_unit_id', '=', 'demo-fjordby').execute();
    const leader = (await loadActor(ctx.db, 'demo-l1'))!;
    const { results } = await resultsFor(ctx, leader, Number(question.id), 'month');
    expect(results.periods.map((p) => p.period)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    // June–September are final on 23 November and released; October and November are not closed yet.
    expect(results.periods.slice(0, 4).every((p) => !p.figure.suppressed)).toBe(true);
    expect(results.periods.slice(4).map((p) => p.figure.suppressed && p.figure.reason)).toEqual(['period_open', 'period_open']);

    const fresh = await ctx.db
      .selectFrom('meeting')
      .innerJoin('unit', 'unit.id', 'meeting.unit_id')
      .select('meeting.id')
      .where('unit.parent_id', '=', 'demo-fjordby')
      .where('meeting.month', '=', '2026-11-01')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect((await questionsForMeeting(ctx.db, fresh.id)).map((q) => q.owner_unit_id)).toEqual(['demo-fjordby']);
  });
});
