import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../src/core/context.ts';
import { DEMO_DROPPING_COUNSELOR, DEMO_EXCLUDING_COUNSELOR } from '../../src/monitoring/demo.ts';
import { monitoringReport } from '../../src/monitoring/selection.ts';
import { demoContext } from '../support/demo.ts';

describe('demo data for monitoring', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ctx, close } = await demoContext());
  }, 120_000);
  afterAll(() => close?.());

  it('shows every office with meetings last month, and exactly the two planted flags', async () => {
    const report = await monitoringReport(ctx, { kind: 'month' });
    expect(report.judged_month).toBe('2026-10');
    expect(
      report.rows
        .filter((r) => r.level === 'office')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['demo-dalheim', 'demo-fjordby']);
    for (const row of report.rows) expect(row.registered, JSON.stringify(row)).toBeGreaterThan(0);
    const flagged = report.flags.filter((f) => f.level === 'counselor').map((f) => `${f.id}:${f.metric}`);
    expect(flagged.sort()).toEqual([`${DEMO_DROPPING_COUNSELOR}:registered`, `${DEMO_EXCLUDING_COUNSELOR}:dispatch_share`].sort());
  });

  it("reconciles with the demo's answers: every counselor-month before this one with answers has at least as many invitations, and as many answered", async () => {
    const rows = (
      await sql<{ counselor: string; month: string; answers: number; invited: number; answered: number }>`
        with a as (select counselor_id, month, count(*)::int as n from response group by 1, 2),
             i as (select m.counselor_id, m.month, count(i.meeting_id)::int as invited, count(*) filter (where i.state = 'answered')::int as answered
                   from meeting m left join invitation i on i.meeting_id = m.id where m.source = 'demo-history' group by 1, 2)
        select a.counselor_id as counselor, to_char(a.month, 'YYYY-MM') as month, a.n as answers, coalesce(i.invited, 0) as invited, coalesce(i.answered, 0) as answered
        from a left join i on i.counselor_id = a.counselor_id and i.month = a.month
        where a.month < date '2026-11-01'`.execute(ctx.db)
    ).rows;
    expect(rows.length).toBeGreaterThan(300);
    const off = rows.filter((r) => r.invited < r.answers || r.answered !== r.answers);
    expect(off, JSON.stringify(off.slice(0, 5))).toEqual([]);
  });
});
