import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, type AppContext } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { DEMO_DROPPING_COUNSELOR, DEMO_EXCLUDING_COUNSELOR } from '../../src/monitoring/demo.ts';
import { monitoringReport } from '../../src/monitoring/selection.ts';
import { freshDatabase } from '../support/db.ts';

describe('demo data for monitoring', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const handle = await freshDatabase();
    const now = new Date('2026-11-20T10:00:00Z');
    ctx = await contextFor(handle, loadConfig({}, { LOG_LEVEL: 'silent', DATA_DIR: '/tmp/bs-demo-monitoring' }), { now: () => now });
    await seedDemo(ctx);
    close = () => handle.close();
  }, 120_000);
  afterAll(() => close?.());

  it('shows every office with meetings last month, and exactly the two planted flags', async () => {
    const report = await monitoringReport(ctx, { kind: 'month' });
    expect(report.judged_month).toBe('2026-10');
    expect(report.rows.filter((r) => r.level === 'office').map((r) => r.id).sort()).toEqual(['demo-dalheim', 'demo-fjordby']);
    for (const row of report.rows) expect(row.registered, JSON.stringify(row)).toBeGreaterThan(0);
    const flagged = report.flags.filter((f) => f.level === 'counselor').map((f) => `${f.id}:${f.metric}`);
    expect(flagged.sort()).toEqual([`${DEMO_DROPPING_COUNSELOR}:registered`, `${DEMO_EXCLUDING_COUNSELOR}:dispatch_share`].sort());
  });
});
