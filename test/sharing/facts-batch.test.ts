import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/access/actor.ts';
import { accessFacts, accessFactsForMany, decideIndividualAccess } from '../../src/consent/access.ts';
import { readableCounselors } from '../../src/consent/readers.ts';
import { testApp, type TestApp } from '../support/app.ts';

/**
 * The batched facts (four queries for a whole office) must decide exactly as the one-counselor
 * facts do: a leader's report and the "shared with me" list rely on it.
 */
describe('accessFactsForMany', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    const db = t.ctx.db;
    const group = await db
      .insertInto('colleague_group')
      .values({ office_id: 'o1', name: 'Kollegaveiledning', created_by: 'v1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('colleague_group_member')
      .values(['v1', 'v2', 'v4'].map((employee_id) => ({ group_id: group.id, employee_id })))
      .execute();
    await db
      .insertInto('colleague_group_member')
      .values({ group_id: group.id, employee_id: 'v5', removed_at: new Date('2026-03-01T00:00:00Z') })
      .execute();
    await db
      .insertInto('result_share')
      .values([
        { counselor_id: 'v2', grantee_kind: 'leader', group_id: null, what: 'figures' },
        { counselor_id: 'v3', grantee_kind: 'leader', group_id: null, what: 'comments' },
        { counselor_id: 'v4', grantee_kind: 'group', group_id: group.id, what: 'figures' },
        { counselor_id: 'v5', grantee_kind: 'group', group_id: group.id, what: 'comments' },
        { counselor_id: 'v6', grantee_kind: 'leader', group_id: null, what: 'figures', revoked_at: new Date('2026-03-02T00:00:00Z') },
      ])
      .execute();
  });
  afterAll(async () => t?.close());

  const everyone = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'l1', 'nobody'];

  async function compare(actorId: string) {
    const actor = (await loadActor(t.ctx.db, actorId))!;
    const batch = await accessFactsForMany(t.ctx, actor, everyone);
    for (const id of everyone) {
      const single = await accessFacts(t.ctx, actor, id);
      for (const what of ['figures', 'comments'] as const) {
        expect(decideIndividualAccess(batch.get(id)!, what), `${actorId} → ${id} ${what}`).toEqual(decideIndividualAccess(single, what));
      }
    }
  }

  it('decides like the single-counselor facts, for a leader and for a group member, with and without an office policy', async () => {
    await compare('l1');
    await compare('v1');
    await t.ctx.db
      .insertInto('office_policy')
      .values({ office_id: 'o1', includes_comments: false, starts_on: '2026-03-01', published_by: 'l1' })
      .execute();
    await compare('l1');
    await compare('v1');
  });

  it('lists for the leader exactly the counselors the policy or a share opens', async () => {
    const leader = (await loadActor(t.ctx.db, 'l1'))!;
    const listed = await readableCounselors(t.ctx, leader);
    // The policy (figures) opens every counselor of the office to the leader; v3 also shared comments.
    expect(listed.map((c) => c.id).sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    // v2's figures: the share is found first; the policy does not include comments.
    expect(listed.find((c) => c.id === 'v2')!.reasons).toEqual(['shared-with-leader']);
    expect(listed.find((c) => c.id === 'v3')!.reasons).toEqual(['office-policy', 'shared-with-leader']);
    const member = (await loadActor(t.ctx.db, 'v1'))!;
    expect((await readableCounselors(t.ctx, member)).map((c) => c.id)).toEqual(['v4']);
  });
});
