import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exampleAnswersCsv } from './example.ts';
import { z } from 'zod';
import type { AppContext } from '../core/context.ts';
import { pageFrame } from '../access/navigation.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { requestLang } from '../web/lang.ts';
import { StatsInputError } from '../stats/index.ts';
import { AppError, parseInput } from '../core/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { analyzeItemBlock, groupSizes, type ItemBlockAnalysis } from './analysis.ts';
import {
  AnswersCsvError,
  formatFactorCsv,
  looksLikeItem,
  parseAnswersCsv,
  readAnswersTable,
  type AnswersCsvProblem,
  type AnswersTable,
} from './csv.ts';
import { staffMessages } from './messages.ts';
import { columnsPage, resultsPage, uploadPage, type StaffChoices, type StaffField, type StaffFormError } from './pages.tsx';
import { staffTable, type StaffTable } from './table.ts';

/**
 * Staff-survey analysis on the web, for county and national analysts:
 *   GET  /analysis/staff              paste ANSWERS.csv
 *   POST /analysis/staff              → choose the group column, the items, a block for factor analysis
 *   POST /analysis/staff/results      → the seed-000 table and the factor analysis
 *   POST /analysis/staff/table.csv    TABLE.csv, by the same function as `brukerstemme staff analyze`
 *   POST /analysis/staff/factors.csv  the factor analysis as CSV
 *
 * Who: county and national analysts. Not counselors or leaders (the answers are about their colleagues),
 * and not administrators as such: they run the system and see no one's individual results, and analysing
 * staff surveys is not running the system (an administrator who is also an analyst may use it as analyst).
 *
 * Stateless and nothing stored: the pasted answers travel in the form (a hidden field) from step to step and
 * are never written to the database or the log; every response is `cache-control: no-store`. Downloads are
 * POSTs for the same reason (the answers never go into a URL).
 *
 * Privacy: groups with fewer than MIN_ANSWERS respondents are never shown, in the page or the download, and a
 * group's figures for an item answered by fewer than MIN_ANSWERS are blank (see compareGroupsByItem).
 */

/** Pasted answers longer than this are refused (a survey of ~40,000 respondents × 20 items). */
export const MAX_CSV_CHARS = 2_000_000;

const listField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const formSchema = z.object({
  csv: z.string().optional().default(''),
  group: z.string().optional(),
  items: listField,
  block: listField,
  factors: z.string().optional(),
  reference: z.string().optional(),
});

type StaffRequest = FastifyRequest<{ Querystring: { lang?: string; example?: string } }>;

function page(request: FastifyRequest, reply: FastifyReply, html: string, status = 200) {
  reply.header('cache-control', 'no-store');
  return sendHtml(request, reply, html, status);
}

/** The reader's text for a problem in ANSWERS.csv. */
function problemText(problem: AnswersCsvProblem, lang: Lang): { field: StaffField; text: string } {
  const t = translator(staffMessages, lang);
  switch (problem.kind) {
    case 'invalid_csv':
      return {
        field: 'csv',
        text:
          problem.line !== undefined
            ? t('errInvalidCsvLine', { line: problem.line, reason: problem.reason })
            : t('errInvalidCsv', { reason: problem.reason }),
      };
    case 'no_respondents':
      return { field: 'csv', text: t('errNoRespondents') };
    case 'bad_header':
      return { field: 'csv', text: t('errBadHeader') };
    case 'no_group_column':
      return { field: 'group', text: t('errNoGroupColumn', { column: problem.column, columns: problem.columns.join(', ') }) };
    case 'no_item_column':
      return { field: 'items', text: t('errNoItemColumn', { column: problem.column }) };
    case 'empty_group':
      return { field: 'group', text: t('errEmptyGroup', { line: problem.line, column: problem.column }) };
    case 'control_character':
      return { field: 'csv', text: t('errControlCharacter', { line: problem.line, column: problem.column }) };
    case 'bad_answer':
      return { field: 'items', text: t('errBadAnswer', { line: problem.line, column: problem.column, value: problem.value }) };
  }
}

type Read = { ok: true; table: AnswersTable; itemLike: string[] } | { ok: false; errors: StaffFormError[] };

/** Step 1's checks: there is CSV text, not too long, a table with a header and respondents. */
function readCsv(csv: string, lang: Lang): Read {
  const t = translator(staffMessages, lang);
  if (csv.trim() === '') return { ok: false, errors: [{ field: 'csv', text: t('errCsvEmpty') }] };
  if (csv.length > MAX_CSV_CHARS) return { ok: false, errors: [{ field: 'csv', text: t('errCsvTooLarge', { max: MAX_CSV_CHARS }) }] };
  try {
    const table = readAnswersTable(csv);
    return { ok: true, table, itemLike: table.header.filter((c) => looksLikeItem(table, c)) };
  } catch (error) {
    if (error instanceof AnswersCsvError) return { ok: false, errors: [problemText(error.problem, lang)] };
    throw error;
  }
}

/** Choices for step 2: what was posted, else a guess (the first background column as group; the 1–5 columns as items). */
function defaultChoices(form: z.infer<typeof formSchema>, read: { table: AnswersTable; itemLike: string[] }): StaffChoices {
  const { header } = read.table;
  const group =
    form.group !== undefined && header.includes(form.group) ? form.group : (header.find((c) => !read.itemLike.includes(c)) ?? header[0]);
  const posted = form.items.length > 0 || form.block.length > 0;
  return {
    csv: form.csv,
    group,
    items: posted ? form.items.filter((c) => header.includes(c)) : read.itemLike.filter((c) => c !== group),
    block: form.block.filter((c) => read.itemLike.includes(c)),
    factors: form.factors,
  };
}

interface Analysis {
  choices: StaffChoices;
  table: StaffTable;
  block?: { result?: ItemBlockAnalysis; error?: string };
}

type Outcome =
  | { ok: true; analysis: Analysis }
  | { ok: false; read?: { table: AnswersTable; itemLike: string[] }; choices: StaffChoices; errors: StaffFormError[] };

/** Step 2's checks and the analysis itself. Every refusal names the field (and, for the data, the line and column). */
function analyse(form: z.infer<typeof formSchema>, lang: Lang, minAnswers: number): Outcome {
  const t = translator(staffMessages, lang);
  const read = readCsv(form.csv, lang);
  const reference = form.reference?.trim() || undefined;
  const choices: StaffChoices = {
    csv: form.csv,
    group: form.group,
    items: form.items,
    block: form.block,
    factors: form.factors,
    reference,
  };
  if (!read.ok) return { ok: false, choices, errors: read.errors };
  const { header } = read.table;
  const errors: StaffFormError[] = [];
  const group = form.group ?? '';
  if (group === '') errors.push({ field: 'group', text: t('errGroupMissing') });
  else if (!header.includes(group))
    errors.push({ field: 'group', text: t('errNoGroupColumn', { column: group, columns: header.join(', ') }) });
  const items = [...new Set(form.items)].filter((c) => c !== group);
  for (const c of items) if (!header.includes(c)) errors.push({ field: 'items', text: t('errNoItemColumn', { column: c }) });
  if (items.length === 0) errors.push({ field: 'items', text: t('errNoItems') });
  const block = [...new Set(form.block)].filter((c) => c !== group);
  for (const c of block) if (!header.includes(c)) errors.push({ field: 'block', text: t('errNoItemColumn', { column: c }) });
  let factors = 0;
  if (block.length > 0) {
    if (block.length < 3) errors.push({ field: 'block', text: t('errBlockTooSmall') });
    else {
      factors = Number((form.factors ?? '').trim());
      if (!Number.isInteger(factors) || factors < 1 || factors > block.length - 1)
        errors.push({ field: 'factors', text: t('errFactors', { max: block.length - 1 }) });
    }
  }
  const checked: StaffChoices = { ...choices, items, block };
  if (errors.length > 0) return { ok: false, read, choices: checked, errors };

  let table: StaffTable;
  try {
    const parsed = parseAnswersCsv(form.csv, group, items);
    const shownGroups = groupSizes(parsed.respondents)
      .filter((g) => g.n >= minAnswers)
      .map((g) => g.group);
    const shown = shownGroups.length;
    if (shown < 2)
      return {
        ok: false,
        read,
        choices: checked,
        errors: [{ field: 'group', text: t('errTooFewGroups', { group, count: shown, k: minAnswers }) }],
      };
    // Only a group that is shown can be the reference: naming a small one would reveal it exists.
    if (reference !== undefined && !shownGroups.includes(reference)) {
      return {
        ok: false,
        read,
        choices: { ...checked, reference: undefined },
        errors: [{ field: 'reference', text: t('errReference', { group: reference, groups: shownGroups.join(', ') }) }],
      };
    }
    table = staffTable({ csv: form.csv, group, items, minAnswers, reference });
  } catch (error) {
    if (error instanceof AnswersCsvError) return { ok: false, read, choices: checked, errors: [problemText(error.problem, lang)] };
    throw error;
  }
  const analysis: Analysis = { choices: checked, table };
  if (block.length > 0) {
    try {
      const parsed = parseAnswersCsv(form.csv, group, block);
      // The factor analysis shows no group, so every respondent counts, small groups included.
      analysis.block = { result: analyzeItemBlock(parsed.respondents, parsed.items, { factors }) };
    } catch (error) {
      if (error instanceof AnswersCsvError)
        return { ok: false, read, choices: checked, errors: [{ ...problemText(error.problem, lang), field: 'block' }] };
      if (!(error instanceof StatsInputError)) throw error;
      analysis.block = { error: error.message };
    }
  }
  return { ok: true, analysis };
}

export async function registerStaffRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // County and national analysts only (access/guard.ts; the header comment says why); the downloads are not pages.
  const analysts = { config: { access: 'analyst' } } as const;
  const download = { config: { access: 'analyst', page: false } } as const;
  /**
   * What every step shows: the language, the shell and the limit. The steps after the first answer a form, and the
   * pasted answers live only in it: a link cannot carry them, so those steps have no language links (the menu and the
   * first step are a click away), and the menu marks the first step.
   */
  const base = async (request: StaffRequest) => {
    const lang = requestLang(request);
    const first = request.method === 'GET';
    const frame = await pageFrame(ctx.db, request, lang, first ? {} : { url: `/analysis/staff?lang=${lang}`, switchLanguage: false });
    return { lang, frame, minAnswers: ctx.config.MIN_ANSWERS };
  };
  const formOf = (request: FastifyRequest) => parseInput(formSchema, request.body ?? {});

  app.get('/analysis/staff', analysts, async (request: StaffRequest, reply) => {
    // ?example=1 fills the form with the example file, so it can be tried without a file at hand.
    const csv = request.query.example === '1' ? exampleAnswersCsv() : undefined;
    return page(request, reply, uploadPage({ ...(await base(request)), csv }));
  });

  app.get('/analysis/staff/example.csv', analysts, async (_request, reply) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="ANSWERS.csv"')
      .send(exampleAnswersCsv()),
  );

  app.post('/analysis/staff', analysts, async (request: StaffRequest, reply) => {
    const form = formOf(request);
    const read = readCsv(form.csv, requestLang(request));
    if (!read.ok) return page(request, reply, uploadPage({ ...(await base(request)), csv: form.csv, errors: read.errors }), 400);
    const choices = defaultChoices(form, read);
    return page(
      request,
      reply,
      columnsPage({
        ...(await base(request)),
        choices,
        header: read.table.header,
        itemLike: read.itemLike,
        respondents: read.table.records.length,
      }),
    );
  });

  app.post('/analysis/staff/results', analysts, async (request: StaffRequest, reply) => {
    const outcome = analyse(formOf(request), requestLang(request), ctx.config.MIN_ANSWERS);
    if (!outcome.ok) {
      if (!outcome.read)
        return page(request, reply, uploadPage({ ...(await base(request)), csv: outcome.choices.csv, errors: outcome.errors }), 400);
      const html = columnsPage({
        ...(await base(request)),
        choices: outcome.choices,
        header: outcome.read.table.header,
        itemLike: outcome.read.itemLike,
        respondents: outcome.read.table.records.length,
        errors: outcome.errors,
      });
      return page(request, reply, html, 400);
    }
    const { table, choices, block } = outcome.analysis;
    return page(
      request,
      reply,
      resultsPage({
        ...(await base(request)),
        choices,
        rows: table.rows,
        // The reference first: it is what every other column is compared with.
        groups: [table.reference, ...table.groups.map((g) => g.group).filter((g) => g !== table.reference)],
        reference: table.reference,
        respondents: table.parsed.respondents.length,
        leftOutGroups: table.leftOut.groups,
        block,
      }),
    );
  });

  /** A download, or 400 with the reasons (the form on the results page only posts what it showed). */
  const csvFile =
    (name: string, pick: (analysis: Analysis) => string | { error: string }) => async (request: StaffRequest, reply: FastifyReply) => {
      const outcome = analyse(formOf(request), requestLang(request), ctx.config.MIN_ANSWERS);
      // The reasons are the page's own, already in the reader's language.
      if (!outcome.ok)
        throw new AppError('invalid_input', {
          fields: outcome.errors.map((e) => ({ field: e.field, message: e.text })),
          fieldsInReaderLanguage: true,
        });
      const body = pick(outcome.analysis);
      if (typeof body !== 'string') throw new AppError('invalid_input', { status: 422, reason: 'analysis_impossible', detail: body.error });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(body);
    };

  app.post(
    '/analysis/staff/table.csv',
    download,
    csvFile('TABLE.csv', (a) => a.table.csv),
  );
  app.post(
    '/analysis/staff/factors.csv',
    download,
    csvFile('factors.csv', (a) => {
      if (!a.block) return { error: 'No block of items was chosen for factor analysis' };
      if (!a.block.result) return { error: a.block.error ?? 'The factor analysis cannot be done' };
      return formatFactorCsv(a.block.result, a.choices.block);
    }),
  );
}
