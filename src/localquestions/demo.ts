import type { AppContext } from '../core/context.ts';
import { audit, loadActor } from '../access/actor.ts';
import { addMonths, monthsBetween } from './rules.ts';
import { currentMonth, propose } from './store.ts';

/**
 * Demo office and county questions: NAV Fjordby's approved question, running from five months ago
 * to three months ahead with answers so far (so its results page has figures for the months and the
 * tertial that have closed, and the fresh demo meetings' surveys show it), and the county analyst's
 * proposal waiting in the review queue.
 */
export async function seedDemoLocalQuestions(ctx: AppContext, random: () => number = Math.random): Promise<void> {
  const analyst = await loadActor(ctx.db, 'demo-a1');
  if (!analyst) return;
  const month = currentMonth(ctx);
  const start = addMonths(month, -5);
  const now = ctx.now();
  const approved = await ctx.db
    .insertInto('local_question')
    .values({
      owner_unit_id: 'demo-fjordby',
      text: JSON.stringify({
        nb: 'Det var lett å finne fram til møterommet på NAV Fjordby.',
        nn: 'Det var lett å finne fram til møterommet på NAV Fjordby.',
        en: 'It was easy to find the meeting room at NAV Fjordby.',
      }),
      start_month: start,
      end_month: addMonths(month, 3),
      proposed_end_month: addMonths(month, 3),
      status: 'approved',
      proposed_by: 'demo-l1',
      proposed_at: new Date(now.getTime() - 100 * 24 * 3600 * 1000),
      decided_by: 'demo-admin',
      decided_at: new Date(now.getTime() - 98 * 24 * 3600 * 1000),
      decision_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const questionId = Number(approved.id);
  await audit(ctx.db, {
    actorId: 'demo-l1',
    action: 'local_question.propose',
    unitId: 'demo-fjordby',
    detail: { question_id: questionId },
    at: new Date(now.getTime() - 100 * 24 * 3600 * 1000),
  });
  await audit(ctx.db, {
    actorId: 'demo-admin',
    action: 'local_question.approve',
    unitId: 'demo-fjordby',
    detail: { question_id: questionId },
    at: new Date(now.getTime() - 98 * 24 * 3600 * 1000),
  });

  // Answers in the months gone by; none yet this month (so its figure shows as "too few answers").
  const weights = [0.04, 0.06, 0.1, 0.2, 0.32, 0.28];
  const rows: Array<{ question_id: number; month: string; value: number; answers: number }> = [];
  for (const m of monthsBetween(start, month)) {
    const total = m === month ? 0 : 40 + Math.floor(random() * 30);
    const byValue = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < total; i++) {
      if (random() < 0.06) {
        byValue[0]++;
        continue;
      }
      let r = random();
      let v = 0;
      while (v < 5 && r >= weights[v]) r -= weights[v++];
      byValue[v + 1]++;
    }
    byValue.forEach((answers, value) => answers > 0 && rows.push({ question_id: questionId, month: m, value, answers }));
  }
  if (rows.length > 0) await ctx.db.insertInto('local_answer').values(rows).execute();

  // The county analyst's proposal, waiting for the administrator.
  await propose(ctx, analyst, {
    owner_unit_id: 'demo-fylke',
    text_nb: 'Jeg vet hvor jeg kan klage hvis jeg er uenig i et vedtak.',
    text_nn: 'Eg veit kvar eg kan klage om eg er usamd i eit vedtak.',
    text_en: 'I know where to complain if I disagree with a decision.',
    start_month: addMonths(month, 1),
    end_month: addMonths(month, 4),
  });
}
