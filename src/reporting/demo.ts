import type { AppContext } from '../core/context.ts';
import { monthOf } from '../intake/service.ts';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';

/**
 * Demo data for the group reports: a newly started team in Dalheim with two counselors and a few
 * answers a month. It stays under the thresholds (fewer than three counselors), so the office view
 * shows a suppressed team and, as its complement, a second suppressed team. One counselor has
 * switched the comparison with averages on.
 */
export async function seedDemoReporting(ctx: AppContext): Promise<void> {
  const team = { id: 'demo-dalheim-ny', kind: 'team' as const, name: 'Team Nyoppstart', parent_id: 'demo-dalheim' };
  if (!(await ctx.db.selectFrom('unit').select('id').where('id', '=', 'demo-dalheim').executeTakeFirst())) return;
  await ctx.db
    .insertInto('unit')
    .values(team)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const counselors = [
    { id: 'demo-v41', name: 'Vilde Nyberg', unit_id: team.id, role: 'counselor' as const },
    { id: 'demo-v42', name: 'Omar Nystad', unit_id: team.id, role: 'counselor' as const },
  ];
  await ctx.db
    .insertInto('employee')
    .values(counselors)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

  const now = ctx.now();
  const rows = [];
  for (let monthsAgo = 3; monthsAgo >= 0; monthsAgo--) {
    const month = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15)), ctx.config.TIME_ZONE);
    for (const [i, c] of counselors.entries()) {
      for (let j = 0; j < 3 + ((monthsAgo + i) % 3); j++) {
        const level = 3 + ((i + j + monthsAgo) % 4);
        rows.push({
          instrument_id: NATIONAL_INSTRUMENT.id,
          instrument_version: NATIONAL_INSTRUMENT.version,
          counselor_id: c.id,
          unit_id: team.id,
          month,
          channel: j % 2 === 0 ? 'in_person' : 'phone',
          meeting_kind: 'follow_up',
          language: 'nb',
          age_band: null,
          innsatsgruppe: null,
          benefit: null,
          recent_adverse_decision: null,
          interpreter_used: null,
          first_meeting: null,
          answers: NATIONAL_INSTRUMENT.statements.map((_, s) => Math.max(1, Math.min(6, level + ((s + j) % 3) - 1))),
          overall: level,
          nav_general: Math.max(1, level - 1),
          comment: j === 0 ? 'Ny veileder, men godt forberedt.' : null,
        });
      }
    }
  }
  await ctx.db.insertInto('response').values(rows).execute();
  await ctx.db
    .insertInto('counselor_setting')
    .values({ employee_id: 'demo-v01', compare_with_averages: true, monthly_digest: true })
    .onConflict((oc) => oc.column('employee_id').doNothing())
    .execute();
  // demo-v01 also wants the monthly e-mail, so the worker writes one to the dev outbox.
  await ctx.db.updateTable('employee').set({ email: 'demo-v01@nav.example' }).where('id', '=', 'demo-v01').execute();
}
