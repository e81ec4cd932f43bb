import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadUnitTree } from '../../src/access/actor.ts';
import { ensureSnapshot } from '../../src/disclosure/group-store.ts';
import { refreshStaleSnapshots, yearsStillChanging } from '../../src/disclosure/refresher.ts';
import { testApp, type TestApp } from '../support/app.ts';

const RULES = { TIME_ZONE: 'Europe/Oslo', MAX_MEETING_AGE_DAYS: 7, LINK_EXPIRY_DAYS: 14 };

describe('yearsStillChanging', () => {
  it('keeps the previous year open while its last meetings can still be reported and answered', () => {
    expect(yearsStillChanging(new Date('2026-01-10T12:00:00Z'), RULES)).toEqual([2025, 2026]);
    // 7 + 14 + 2 days after new year: the old year is final.
    expect(yearsStillChanging(new Date('2026-01-24T12:00:00Z'), RULES)).toEqual([2026]);
    expect(yearsStillChanging(new Date('2026-06-01T12:00:00Z'), RULES)).toEqual([2026]);
  });

  it('counts the new year from local midnight, not UTC', () => {
    // 23:30 UTC on 31 December is 00:30 on 1 January in Oslo.
    expect(yearsStillChanging(new Date('2025-12-31T23:30:00Z'), RULES)).toEqual([2025, 2026]);
    expect(yearsStillChanging(new Date('2025-12-31T22:30:00Z'), { ...RULES, TIME_ZONE: 'UTC' })).toEqual([2025]);
  });
});

describe('refreshStaleSnapshots', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ REPORT_REFRESH_SECONDS: 60 });
  });
  afterAll(async () => t?.close());

  it('computes a missing snapshot, leaves a fresh one, and recomputes it once it is stale', async () => {
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2026]);
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([]);
    t.setNow(new Date(t.ctx.now().getTime() + 61_000));
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2026]);
  });

  it('skips a year another node is refreshing instead of waiting for it', async () => {
    if (!process.env.TEST_DATABASE_URL) return; // PGlite has one connection: there is no other node.
    t.setNow(new Date(t.ctx.now().getTime() + 61_000));
    const tree = await loadUnitTree(t.ctx.db);
    await t.ctx.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(7345920, 2026)`.execute(trx);
      expect(await ensureSnapshot(t.ctx, 2026, tree, { skipIfLocked: true })).toBe(false);
    });
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2026]);
  });
  it('closes a year whose last snapshot was taken before its December was final, however late the worker comes', async () => {
    const closed = async (period: string) =>
      (
        await t.ctx.db
          .selectFrom('report_cell')
          .select('closed')
          .where('unit_id', '=', 'o1')
          .where('period', '=', period)
          .executeTakeFirstOrThrow()
      ).closed;
    t.setNow(new Date('2027-01-20T10:00:00Z'));
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2026, 2027]);
    expect(await closed('2026-T3')).toBe(false);
    // The worker was away until March: 2026 is no longer "still changing", but its cells must close.
    t.setNow(new Date('2027-03-01T10:00:00Z'));
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2026, 2027]);
    expect(await closed('2026-T3')).toBe(true);
    expect(await closed('2026')).toBe(true);
    t.setNow(new Date(t.ctx.now().getTime() + 61_000));
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2027]);
  });
});
