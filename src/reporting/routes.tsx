import { digestSetting } from '../digest/digest.ts';
import { DigestSetting } from '../digest/pages.tsx';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import type { AppContext } from '../core/context.ts';
import { endSession, startSession } from '../auth/session.ts';
import { translator } from '../i18n/index.ts';
import { requestLang } from '../web/lang.ts';
import { groupMessages } from './group-messages.ts';
import { AppError, fieldProblem, parseInput } from '../core/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { counselorReport } from './counselor-report.ts';
import { counselorPage, devLoginPage } from './pages.tsx';
import { meanBars } from './charts.ts';
import { formatDecimal } from './figure-table.tsx';
import { counselorOverview } from './counselor-overview.ts';
import { CounselorExtras } from './group-pages.tsx';
import { registerGroupReportRoutes } from './group-routes.tsx';
import { localDate } from '../time/zone.ts';
import { PolicyNotice } from '../consent/policy-notice.tsx';
import { policiesForEmployee } from '../consent/store.ts';
import { readerViewFor } from '../consent/readers.ts';
import { actorOf } from '../access/guard.ts';
import { landingFor, pageFrame } from '../access/navigation.ts';
import { loadUnitTree } from '../access/actor.ts';
import { withLang } from '../web/shell.tsx';
import { upcomingFor } from '../circles/store.ts';
import { discussionsFor } from '../circles/discussions.ts';
import { MeCircles } from '../circles/pages.tsx';

const periodKindSchema = z.object({ period: z.enum(['month', 'tertial', 'year']).default('tertial'), lang: z.string().optional() });

/** The counselor's own results (page and JSON) and the demo's dev login. */
export async function registerReportingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/me', { config: { access: 'signed_in' } }, async (request, reply) => {
    const employee = actorOf(request);
    const lang = requestLang(request);
    const { period } = parseInput(periodKindSchema, request.query);
    // One disclosure view for everything this page shows.
    const view = await readerViewFor(ctx, employee);
    // Kollegaveiledning for counselors and leaders: their coming sessions and discussion requests.
    const inCircles = employee.job === 'counselor' || employee.leaderOf.length > 0;
    const [report, overview, policies, digest, frame, upcoming, discussions] = await Promise.all([
      counselorReport(ctx, view, employee.employeeId, lang, period),
      counselorOverview(ctx, view, employee.employeeId, period),
      policiesForEmployee(ctx, employee.employeeId),
      digestSetting(ctx, employee.employeeId),
      pageFrame(ctx.db, request, lang),
      inCircles ? upcomingFor(ctx, employee.employeeId) : Promise.resolve(null),
      inCircles ? discussionsFor(ctx, employee.employeeId) : Promise.resolve(null),
    ]);
    const trendSvg = await meanBars(
      overview!.trend.map((p) => ({
        label: p.period,
        ...(p.overall.suppressed ? { value: null } : { value: p.overall.mean, n: p.overall.n }),
      })),
      translator(groupMessages, lang)('meanAxis'),
      lang,
      // The trend table's formatter (figure-table.tsx), so the bars say what the table says.
      (v) => formatDecimal(lang, v),
    );
    // The office policy is shown before and while it applies, wherever the counselor looks at results.
    const extras = (
      <>
        <PolicyNotice policies={policies} lang={lang} today={localDate(ctx.now(), ctx.config.TIME_ZONE)} />
        <CounselorExtras overview={overview!} lang={lang} trendSvg={trendSvg} />
        <DigestSetting setting={digest} lang={lang} />
        {upcoming && discussions ? (
          <MeCircles upcoming={upcoming} toMe={discussions.toMe} mine={discussions.mine} lang={lang} timeZone={ctx.config.TIME_ZONE} />
        ) : null}
      </>
    );
    return sendHtml(request, reply, counselorPage(report!, lang, frame, extras, employee.job === 'counselor'));
  });

  app.get('/api/v1/me/report', { config: { access: 'signed_in' } }, async (request) => {
    const employee = actorOf(request);
    const { period } = parseInput(periodKindSchema, request.query);
    return counselorReport(ctx, await readerViewFor(ctx, employee), employee.employeeId, requestLang(request), period);
  });

  if (ctx.config.DEV_LOGIN) {
    app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
      const rows = await ctx.db
        .selectFrom('employee')
        .innerJoin('unit', 'unit.id', 'employee.unit_id')
        .select(['employee.id', 'employee.name', 'employee.role', 'unit.name as unit_name'])
        .where('employee.active', '=', true)
        .orderBy('unit.name')
        .orderBy('employee.name')
        .execute();
      const grants = await ctx.db.selectFrom('role_grant').select(['employee_id', 'role']).execute();
      const JOB = { counselor: 'veileder', leader: 'leder', staff: 'stab' } as const;
      const GRANT = {
        leader: 'leder',
        county_analyst: 'fylkesanalytiker',
        national_analyst: 'nasjonal analytiker',
        administrator: 'administrator',
      } as const;
      const choices = rows.map((r) => {
        const extra = grants.filter((g) => g.employee_id === r.id).map((g) => GRANT[g.role]);
        return { id: r.id, label: `${r.name} (${[JOB[r.role], ...extra].join(', ')})`, group: r.unit_name };
      });
      return sendHtml(request, reply, devLoginPage(choices, requestLang(request)));
    });

    app.post('/login', { config: { access: 'public' } }, async (request, reply) => {
      const { employee_id } = parseInput(z.object({ employee_id: singleLineText().min(1).max(200) }), request.body);
      const exists = await ctx.db
        .selectFrom('employee')
        .select('id')
        .where('id', '=', employee_id)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!exists)
        throw new AppError('invalid_input', {
          status: 422,
          fields: [fieldProblem('employee_id', 'unknown', 'unknown or inactive employee')],
        });
      await startSession(reply, ctx, employee_id);
      return reply.redirect(`/home?lang=${requestLang(request)}`, 303);
    });
  }

  app.post('/logout', { config: { access: 'public' } }, async (request, reply) => {
    await endSession(request, reply, ctx);
    return reply.redirect(`/?lang=${requestLang(request)}`, 303);
  });

  await registerGroupReportRoutes(app, ctx);

  app.get('/', { config: { access: 'public' } }, async (request, reply) =>
    reply.redirect(ctx.config.DEV_LOGIN ? `/login?lang=${requestLang(request)}` : `/home?lang=${requestLang(request)}`),
  );

  // Each reader's start page: where their work is (access/navigation.ts).
  app.get('/home', { config: { access: 'signed_in' } }, async (request, reply) =>
    reply.redirect(withLang(landingFor(actorOf(request), await loadUnitTree(ctx.db)), requestLang(request)), 302),
  );
}
