import { createHash } from 'node:crypto';
import type { AppContext } from '../core/context.ts';
import { loadInstrument, type InstrumentDefinition } from '../instrument/instrument.ts';
import type { Lang } from '../i18n/index.ts';
import { shuffled, type Figure } from '../disclosure/figures.ts';
import { leafSubject, type LeafRef, type ReaderView, type ShownEntry } from '../disclosure/reader-store.ts';
import { closesAt, closingRulesOf } from '../time/closing.ts';
import { localDate } from '../time/zone.ts';
import { addMonths, parsePeriodKey, periodOf, type PeriodKind } from '../time/periods.ts';
import { NameMatcher, scrubComment } from '../validation/scrub.ts';
import { commentNotHidden } from '../consent/hidden.ts';

/**
 * A counselor's own results per fixed period, as one reader may see them: the counselor themself,
 * or someone they share with (consent/readers.ts). Every figure comes from the disclosure module
 * (disclosure/reader-store.ts), which decides them for this reader together with every group
 * figure the reader can open and everything shown to them before. A period shows figures once it
 * has closed (its answers are final); comments come in batches per closed tertial. Answers are
 * reported per unit they were registered at (a counselor who moved has one block per unit), and
 * instrument versions apart, never mixed.
 */
export interface StatementResult {
  id: string;
  text: string;
  figure: Figure;
}

/** One comment as the reader sees it: its month, its text (names scrubbed), and the language the user answered in (pages mark it). */
export interface CommentItem {
  month: string;
  text: string;
  lang: string;
}

export type CommentsResult =
  | { suppressed: true; reason: 'too_few_answers' | 'period_open' | 'released_per_tertial' | 'disclosure_control'; n_min: number }
  | { suppressed: false; items: CommentItem[] };

export interface PeriodResult {
  period: string;
  from: string;
  to: string;
  /** The period's answers are final and its figures decided. */
  closed: boolean;
  /** The local date its figures appear, while it is open. */
  closes_on: string | null;
  unit: { id: string; name: string };
  instrument: { id: string; version: number };
  /** Answers in the period's final months. */
  answers: number;
  enough_answers: boolean;
  /** Some figures are withheld from this reader (not from the counselor): they would reveal colleagues who did not share. */
  withheld: boolean;
  statements: StatementResult[];
  overall: Figure;
  nav_general: Figure;
  comments: CommentsResult;
}

export interface CounselorReport {
  counselor: { id: string; name: string };
  period_kind: PeriodKind;
  thresholds: { answers: number; comments: number };
  periods: PeriodResult[];
}

export async function counselorReport(
  ctx: AppContext,
  view: ReaderView,
  counselorId: string,
  lang: Lang,
  kind: PeriodKind = 'tertial',
  show: { figures: boolean; comments: boolean } = { figures: true, comments: true },
): Promise<CounselorReport | null> {
  const counselor = await ctx.db.selectFrom('employee').select(['id', 'name']).where('id', '=', counselorId).executeTakeFirst();
  if (!counselor) return null;
  const k = ctx.config.MIN_ANSWERS;
  const kComments = ctx.config.MIN_ANSWERS_COMMENTS;
  const rules = closingRulesOf(ctx.config);
  const unitName = (id: string) => view.tree.get(id)?.name ?? id;

  const instruments = new Map<string, InstrumentDefinition | undefined>();
  const instrumentOf = async (ref: LeafRef) => {
    const key = `${ref.instrument.id}|${ref.instrument.version}`;
    if (!instruments.has(key)) instruments.set(key, await loadInstrument(ctx.db, ref.instrument.id, ref.instrument.version));
    return instruments.get(key);
  };

  const periods: PeriodResult[] = [];
  const shown: ShownEntry[] = [];
  // Employee names for scrubbing, read once per report and only if some period has comments to show.
  let names: NameMatcher | undefined;
  for (const ref of view.leavesOf(counselorId)) {
    const instrument = await instrumentOf(ref);
    const subject = leafSubject(ref.counselorId, ref.unitId);
    const kinds = [
      ...new Set(Array.from({ length: 12 }, (_, i) => periodOf(`${ref.year}-${String(i + 1).padStart(2, '0')}-01`, kind).key)),
    ];
    for (const key of kinds) {
      const answers = view.answers(ref, key);
      if (answers === 0) continue;
      const period = parsePeriodKey(key)!;
      const closed = addMonths(period.to, -1) <= view.finalThrough;
      const figure = (measure: number): Figure =>
        show.figures ? view.leaf(ref, key, measure) : { suppressed: true, reason: 'disclosure_control', n_min: k };
      const statementCount = instrument?.statements.length ?? 0;
      const statements = (instrument?.statements ?? []).map((s, i) => ({ id: s.id, text: s.text[lang], figure: figure(i) }));
      const overall = figure(statementCount);
      const navGeneral = figure(statementCount + 1);
      const released = [
        ...statements.map((s, i) => [i, s.figure] as const),
        [statementCount, overall] as const,
        [statementCount + 1, navGeneral] as const,
      ]
        .filter(([, f]) => !f.suppressed)
        .map(([i]) => i);
      if (released.length > 0) shown.push({ subject, instrument: ref.instrument, period: key, measures: released });

      let comments: CommentsResult;
      if (!closed) comments = { suppressed: true, reason: 'period_open', n_min: kComments };
      else if (kind === 'month') comments = { suppressed: true, reason: 'released_per_tertial', n_min: kComments };
      else {
        const tertials = kind === 'tertial' ? [key] : [1, 2, 3].map((t) => `${key}-T${t}`);
        const open = show.comments ? tertials.filter((t) => view.leafComments(ref, t)) : [];
        if (open.length === 0) {
          const tooFew = tertials.every((t) => view.answers(ref, t) < kComments);
          comments = { suppressed: true, reason: tooFew ? 'too_few_answers' : 'disclosure_control', n_min: kComments };
        } else {
          const items = [];
          for (const tertial of open) {
            const range = parsePeriodKey(tertial)!;
            items.push(...(await commentsFor(ctx, ref, range.from, range.to, async () => (names ??= await employeeNameMatcher(ctx)))));
            shown.push({ subject, instrument: ref.instrument, period: tertial, measures: ['comments'] });
          }
          comments = { suppressed: false, items: shuffled(items, `${subject}|${key}|${ref.instrument.id}|${ref.instrument.version}`) };
        }
      }
      periods.push({
        period: key,
        from: period.from,
        to: period.to,
        closed,
        closes_on: closed ? null : localDate(closesAt(period, rules), rules.timeZone),
        unit: { id: ref.unitId, name: unitName(ref.unitId) },
        instrument: ref.instrument,
        answers,
        enough_answers: closed && answers >= k,
        withheld: counselorId !== view.reader.actor.employeeId && view.withheld(ref, key),
        statements,
        overall,
        nav_general: navGeneral,
        comments,
      });
    }
  }
  periods.sort(
    (a, b) => b.from.localeCompare(a.from) || a.unit.name.localeCompare(b.unit.name, 'nb') || b.instrument.version - a.instrument.version,
  );
  await view.record(shown);
  return { counselor, period_kind: kind, thresholds: { answers: k, comments: kComments }, periods };
}

async function commentsFor(
  ctx: AppContext,
  ref: LeafRef,
  from: string,
  to: string,
  names: () => Promise<NameMatcher>,
): Promise<CommentItem[]> {
  const rows = await ctx.db
    .selectFrom('response')
    .select(['month', 'comment', 'language'])
    .where('counselor_id', '=', ref.counselorId)
    .where('unit_id', '=', ref.unitId)
    .where('instrument_id', '=', ref.instrument.id)
    .where('instrument_version', '=', ref.instrument.version)
    .where('month', '>=', from)
    .where('month', '<', to)
    .where('comment', 'is not', null)
    .where(commentNotHidden)
    .execute();
  if (rows.length === 0) return [];
  const matcher = await names();
  // Dated by month only; the batch is shuffled by the caller so the order says nothing about time.
  return rows.map((r) => ({ month: String(r.month).slice(0, 7), text: scrubComment(r.comment ?? '', matcher), lang: r.language }));
}

let compiledNames: { fingerprint: string; matcher: NameMatcher } | undefined;

/**
 * Every employee's name, compiled for scrubbing. The names are read each time, so a new employee's
 * name is scrubbed from the next page on; the compiled form (tens of milliseconds for 10,000 names)
 * is kept while the list is unchanged.
 */
export async function employeeNameMatcher(ctx: AppContext): Promise<NameMatcher> {
  const names = (await ctx.db.selectFrom('employee').select('name').orderBy('name').execute()).map((e) => e.name);
  const fingerprint = createHash('sha256').update(names.join('\n')).digest('base64');
  if (compiledNames?.fingerprint !== fingerprint) compiledNames = { fingerprint, matcher: new NameMatcher(names) };
  return compiledNames.matcher;
}
