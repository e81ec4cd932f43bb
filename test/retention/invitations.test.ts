import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeFinishedInvitations } from '../../src/retention/invitations.ts';
import { shuffleRecentResponses } from '../../src/retention/shuffle.ts';
import { closingRulesOf } from '../../src/time/closing.ts';
import { loadConfig } from '../../src/core/config.ts';
import { createInvitation, surveyTestApp, type SurveyTestApp } from '../survey/helpers.ts';

describe('closeFinishedInvitations', () => {
  let t: SurveyTestApp;
  beforeAll(async () => {
    t = await surveyTestApp();
    for (let i = 0; i < 40; i++)
      await createInvitation(t.db, {
        state: (['answered', 'expired', 'sent', 'reminded'] as const)[i % 4],
        expiresAt: new Date('2026-03-24T12:00:00Z'),
      });
    for (let i = 0; i < 5; i++) await createInvitation(t.db, { state: 'sent', expiresAt: new Date('2026-04-24T12:00:00Z') });
    for (const state of ['failed', 'cancelled', 'scheduled', 'sending'] as const)
      await createInvitation(t.db, { state, expiresAt: new Date('2026-03-24T12:00:00Z') });
  });
  afterAll(async () => t?.close());

  it('closes every finished invitation exactly once, in batches, also with several workers at once; leaves open, failed, cancelled and in-flight ones', async () => {
    const now = new Date('2026-03-25T00:00:00Z');
    await shuffleRecentResponses(t.db, now, closingRulesOf(loadConfig({})), 60);
    // Two workers in parallel with small batches: SKIP LOCKED splits the rows, none is closed twice.
    const [a, b] = await Promise.all([closeFinishedInvitations(t.db, now, 7), closeFinishedInvitations(t.db, now, 7)]);
    expect(a.closed + b.closed).toBe(40);
    const states = await t.db
      .selectFrom('invitation')
      .select(['state'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('state')
      .orderBy('state')
      .execute();
    expect(Object.fromEntries(states.map((s) => [s.state, Number(s.n)]))).toEqual({
      cancelled: 1,
      closed: 40,
      failed: 1,
      scheduled: 1,
      sending: 1,
      sent: 5,
    });
    expect(await closeFinishedInvitations(t.db, now)).toEqual({ closed: 0 });
  });
});
