import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import type { AppContext } from '../core/context.ts';
import { requestLang } from '../web/lang.ts';
import { pageFrame } from '../access/navigation.ts';
import { AppError, fieldProblem, parseInput } from '../core/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { monitoringPage } from './pages.tsx';
import { availablePeriods, monitoringReport } from './selection.ts';

const querySchema = z.object({
  kind: z.enum(['month', 'tertial']).default('month'),
  period: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2]|T[123])$/)
      .optional(),
  ),
  office: z.preprocess((v) => (v === '' ? undefined : v), singleLineText().min(1).max(200).optional()),
  lang: z.string().optional(),
});

/** Monitoring for selection: administrators only, page and JSON with the same figures. */
export async function registerMonitoringRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  /** Validates the choice against what exists: a period of the chosen kind among the offered ones, an office that is an office. */
  const resolve = async (query: z.infer<typeof querySchema>, lenient: boolean) => {
    const offered = availablePeriods(ctx.now(), query.kind, ctx.config.TIME_ZONE).map((p) => p.key);
    let periodKey = query.period;
    if (periodKey && !offered.includes(periodKey)) {
      // The page's form can combine a new kind with the old period; show the newest period then.
      if (!lenient)
        throw new AppError('invalid_input', {
          fields: [fieldProblem('period', 'not_offered', `must be one of ${offered.join(', ')}`, { values: offered.join(', ') })],
        });
      periodKey = undefined;
    }
    if (query.office) {
      const office = await ctx.db.selectFrom('unit').select('kind').where('id', '=', query.office).executeTakeFirst();
      if (office?.kind !== 'office')
        throw new AppError('invalid_input', { fields: [fieldProblem('office', 'not_an_office', 'no office with this id')] });
    }
    return monitoringReport(ctx, { kind: query.kind, periodKey, officeId: query.office });
  };

  const administrator = { config: { access: 'administrator' } } as const;

  app.get('/admin/monitoring', administrator, async (request, reply) => {
    const report = await resolve(parseInput(querySchema, request.query), true);
    const lang = requestLang(request);
    return sendHtml(request, reply, monitoringPage(lang, await pageFrame(ctx.db, request, lang), report));
  });

  app.get('/api/v1/admin/monitoring', administrator, async (request) => {
    return resolve(parseInput(querySchema, request.query), false);
  });
}
