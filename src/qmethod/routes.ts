import { analysisWorkbook } from './xlsx.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, parseInput } from '../core/errors.ts';
import { analyzeQSorts, type QAnalysis } from './analysis.ts';
import { QmethodError } from './errors.ts';
import { analysisFiles } from './output.ts';
import { renderResultsPage } from './report.tsx';
import type { AppContext } from '../core/context.ts';
import { isLang, negotiateLang, translator, type Lang } from '../i18n/index.ts';
import { sendHtml } from '../web/assets.ts';
import { requestLang } from '../web/lang.ts';
import { pageFrame } from '../access/navigation.ts';
import { qmethodMessages } from './messages.ts';
import { cardField, pileField, postsortField, renderCodePage, renderQMessagePage, renderSortPage, type SortPageError } from './pages.tsx';
import { hasControlCharacter, stripControlCharacters } from '../validation/text.ts';
import {
  joinByStudyCode,
  loadSortProgress,
  loadStudy,
  loadSubmittedSorts,
  participantForToken,
  PRESORT_PILES,
  saveSortProgress,
  submitSort,
  type SortProgress,
  type StoredStudy,
} from './study.ts';

type TokenRequest = FastifyRequest<{ Params: { token: string }; Querystring: { lang?: string; saved?: string } }>;

/** Content-Security-Policy and the other headers: web/security-headers.ts, on every response. */
function page(request: FastifyRequest, reply: FastifyReply, html: string, status = 200) {
  reply.header('cache-control', 'no-store');
  return sendHtml(request, reply, html, status);
}

function pageLang(request: TokenRequest, study?: StoredStudy): Lang {
  const asked = request.query.lang;
  if (isLang(asked) && (!study || study.languages.includes(asked))) return asked;
  const first = study?.languages[0];
  return isLang(first) ? first : negotiateLang(undefined, request.headers['accept-language']);
}

/** Reads the form into a sort in progress, and lists what breaks the grid (capacity; completeness when submitting). */
function parseSortForm(study: StoredStudy, body: unknown, complete: boolean): { progress: SortProgress; errors: SortPageError[] } {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const value = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const positions = new Set(study.grid.map((c) => c.position));
  const progress: Required<SortProgress> = { placements: {}, presort: {}, postsort: {} };
  let invalid = false;
  study.statements.forEach((s, i) => {
    const raw = value(cardField(i));
    if (raw !== '') {
      const position = Number(raw);
      if (Number.isInteger(position) && positions.has(position)) progress.placements[s.id] = position;
      else invalid = true;
    }
    const pile = value(pileField(i));
    if (pile !== '') {
      if ((PRESORT_PILES as readonly string[]).includes(pile)) progress.presort[s.id] = pile as (typeof PRESORT_PILES)[number];
      else invalid = true;
    }
  });
  study.postsortQuestions.forEach((q, i) => {
    // A participant's own words are cleaned of control characters, never refused (a NUL would fail the save).
    const answer = stripControlCharacters(value(postsortField(i))).slice(0, 5000);
    if (answer.trim() !== '') progress.postsort[q.id] = answer;
  });
  const errors: SortPageError[] = invalid ? [{ kind: 'invalid' }] : [];
  const used = new Map<number, number>();
  for (const p of Object.values(progress.placements)) used.set(p, (used.get(p) ?? 0) + 1);
  for (const column of [...study.grid].sort((a, b) => b.position - a.position)) {
    const count = used.get(column.position) ?? 0;
    if (count > column.count) errors.push({ kind: 'columnFull', position: column.position, count, capacity: column.count });
  }
  const unplaced = study.statements.length - Object.keys(progress.placements).length;
  if (complete && unplaced > 0) errors.push({ kind: 'notPlaced', count: unplaced });
  return { progress, errors };
}

/** Registers the participant's sorting pages: GET/POST /q/:token and GET /q/:token/takk. */
export async function registerQmethodRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    const resolve = async (request: TokenRequest, reply: FastifyReply) => {
      const participant = await participantForToken(ctx.db, request.params.token);
      const study = participant ? await loadStudy(ctx.db, participant.studyId) : undefined;
      const lang = pageLang(request, study);
      const t = translator(qmethodMessages, lang);
      if (!participant || !study) {
        await page(request, reply, renderQMessagePage({ lang, title: t('unknownTitle'), text: t('unknownText') }), 404);
        return undefined;
      }
      const progress = await loadSortProgress(ctx.db, participant.participantId);
      if (progress?.submitted) {
        await page(request, reply, renderQMessagePage({ lang, title: t('submittedTitle'), text: t('submittedText') }));
        return undefined;
      }
      if (study.status !== 'open') {
        await page(request, reply, renderQMessagePage({ lang, title: t('closedTitle'), text: t('closedText') }));
        return undefined;
      }
      return { participant, study, lang, progress };
    };

    type CodeRequest = FastifyRequest<{ Querystring: { lang?: string } }>;
    const codeLang = (request: CodeRequest): Lang => negotiateLang(request.query.lang, request.headers['accept-language']);

    // The participant's pages: anyone with the study code or their link.
    const participant = { config: { access: 'public' } } as const;

    scope.get('/q', participant, async (request: CodeRequest, reply) => page(request, reply, renderCodePage({ lang: codeLang(request) })));

    scope.post('/q', participant, async (request: CodeRequest, reply) => {
      const lang = codeLang(request);
      const raw = (request.body as Record<string, unknown> | undefined)?.code;
      const code = typeof raw === 'string' ? raw.trim().slice(0, 64) : '';
      // A code with control characters matches no study; the database would refuse a NUL outright.
      const joined = code === '' || hasControlCharacter(code) ? undefined : await joinByStudyCode(ctx.db, code);
      if (!joined) return page(request, reply, renderCodePage({ lang, code, unknown: true }), 400);
      return reply.redirect(`/q/${joined.token}?lang=${lang}`, 303);
    });

    scope.get('/q/:token', participant, async (request: TokenRequest, reply) => {
      const found = await resolve(request, reply);
      if (!found) return reply;
      const { study, lang, progress } = found;
      return page(
        request,
        reply,
        renderSortPage({ study, lang, token: request.params.token, progress: progress ?? {}, saved: request.query.saved === '1' }),
      );
    });

    scope.post('/q/:token', participant, async (request: TokenRequest, reply) => {
      const found = await resolve(request, reply);
      if (!found) return reply;
      const { participant, study, lang } = found;
      const action = (request.body as Record<string, unknown> | undefined)?.action === 'save' ? 'save' : 'submit';
      const { progress, errors } = parseSortForm(study, request.body, action === 'submit');
      if (errors.length > 0) {
        return page(request, reply, renderSortPage({ study, lang, token: request.params.token, progress, errors }), 400);
      }
      const base = `/q/${request.params.token}`;
      if (action === 'save') {
        await saveSortProgress(ctx.db, participant.participantId, progress);
        return reply.redirect(`${base}?lang=${lang}&saved=1`, 303);
      }
      await submitSort(ctx.db, participant.participantId, progress, ctx.now());
      return reply.redirect(`${base}/takk?lang=${lang}`, 303);
    });

    scope.get('/q/:token/takk', participant, async (request: TokenRequest, reply) => {
      const participant = await participantForToken(ctx.db, request.params.token);
      const study = participant ? await loadStudy(ctx.db, participant.studyId) : undefined;
      const lang = pageLang(request, study);
      const t = translator(qmethodMessages, lang);
      const progress = participant ? await loadSortProgress(ctx.db, participant.participantId) : undefined;
      if (!progress?.submitted) return reply.redirect(`/q/${encodeURIComponent(request.params.token)}?lang=${lang}`, 303);
      return page(request, reply, renderQMessagePage({ lang, title: t('thanksTitle'), text: t('thanksText') }));
    });
  });

  registerResultsRoutes(app, ctx);
}

const resultsQuery = z.object({
  factors: z.coerce.number().int().min(1).max(12).default(3),
  extraction: z.enum(['pca', 'centroid']).default('pca'),
  rotation: z.enum(['varimax', 'none']).default('varimax'),
  flag: z.enum(['p05', 'p01']).default('p05'),
  lang: z.enum(['nb', 'nn', 'en']).optional(),
});
type ResultsRequest = FastifyRequest<{ Params: { id: string; file?: string }; Querystring: Record<string, string> }>;

/**
 * The researcher's results: GET /qmethod/studies/:id/results (page), …/results/<name>.csv and
 * …/results/results.xlsx (every file as a sheet), for
 * national analysts and administrators. The analysis runs on the submitted sorts at each request
 * (milliseconds), with the factors, extraction, rotation and flag level from the query.
 */
function registerResultsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const prepare = async (request: ResultsRequest) => {
    const query = parseInput(resultsQuery, request.query, 422);
    const study = await loadStudy(ctx.db, request.params.id);
    if (!study) throw new AppError('not_found', { reason: 'study_unknown' });
    const { data, grid } = await loadSubmittedSorts(ctx.db, study.id);
    let result: QAnalysis | undefined;
    let error: string | undefined;
    try {
      result = analyzeQSorts(data, {
        factors: query.factors,
        extraction: query.extraction,
        rotation: query.rotation,
        flagThreshold: query.flag,
        grid,
      });
    } catch (e) {
      if (!(e instanceof QmethodError)) throw e;
      error = e.message;
    }
    const search = new URLSearchParams({
      factors: String(query.factors),
      extraction: query.extraction,
      rotation: query.rotation,
      flag: query.flag,
    }).toString();
    return { study, query, result, error, search };
  };

  app.get(
    '/qmethod/studies/:id/results',
    { config: { access: 'national_analyst_or_administrator' } },
    async (request: ResultsRequest, reply) => {
      const { study, result, error, search } = await prepare(request);
      // An employee's page: the language they read in (statements the study lacks in it are shown in the study's first).
      const lang = requestLang(request);
      const frame = await pageFrame(ctx.db, request, lang);
      reply.header('cache-control', 'no-store');
      return sendHtml(request, reply, renderResultsPage({ study, lang, frame, result, error, query: search }), error ? 422 : 200);
    },
  );

  app.get(
    '/qmethod/studies/:id/results/:file',
    { config: { access: 'national_analyst_or_administrator', page: false } },
    async (request: ResultsRequest, reply) => {
      const { result, error } = await prepare(request);
      if (!result) throw new AppError('invalid_input', { status: 422, reason: 'analysis_impossible', detail: error });
      const files = analysisFiles(result);
      const name = request.params.file ?? '';
      if (name === 'results.xlsx') {
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="results.xlsx"')
          .header('cache-control', 'no-store')
          .send(await analysisWorkbook(files));
      }
      if (!(name in files)) throw new AppError('not_found', { reason: 'file_unknown' });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(files[name]);
    },
  );
}
