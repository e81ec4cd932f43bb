import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { singleLineText, multilineText } from '../validation/text.ts';
import type { Database } from '../db/database.ts';
import { hashToken, newToken } from '../dispatch/tokens.ts';
import { LANGUAGES } from '../i18n/index.ts';
import { DuplicateStatementError, GridViolationError, InvalidInputError, QmethodError } from './errors.ts';
import { checkShape, type GridColumn, type QSortData } from './grid.ts';

/**
 * Study set-up and the storage of sorts. Every write validates the whole input first and runs in
 * one transaction, so bad input changes nothing.
 */

const localisedText = z.partialRecord(z.enum(LANGUAGES), multilineText().trim().min(1).max(2000));

export const studyInputSchema = z.object({
  title: singleLineText().trim().min(1).max(200),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  instructions: localisedText,
  presort: z.boolean().default(true),
  studyCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,32}$/, 'letters, digits and hyphens, 4–32 characters')
    .optional(),
  statements: z.array(z.object({ id: singleLineText().trim().min(1).max(40), text: localisedText })).min(2),
  grid: z.array(z.object({ position: z.number().int().min(-12).max(12), count: z.number().int().min(1) })).min(2),
  postsortQuestions: z.array(z.object({ id: singleLineText().trim().min(1).max(40), text: localisedText })).default([]),
});
export type StudyInput = z.input<typeof studyInputSchema>;
export type StudySetup = z.output<typeof studyInputSchema>;

/** Validates a study set-up: the schema, then the Q rules (unique statements, a grid that fits the Q-set, every language given). */
export function validateStudy(input: unknown): StudySetup {
  const parsed = studyInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(study)'}: ${i.message}`);
    throw new InvalidInputError(`The study set-up is invalid: ${issues.join('; ')}`);
  }
  const study = parsed.data;
  const seen = new Set<string>();
  for (const s of study.statements) {
    if (seen.has(s.id)) throw new DuplicateStatementError(s.id);
    seen.add(s.id);
  }
  const positions = new Set<number>();
  for (const column of study.grid) {
    if (positions.has(column.position)) throw new InvalidInputError(`Grid column ${column.position} is given twice.`);
    positions.add(column.position);
  }
  const cards = study.grid.reduce((sum, c) => sum + c.count, 0);
  if (cards !== study.statements.length) {
    throw new InvalidInputError(
      `The grid holds ${cards} cards but the Q-set has ${study.statements.length} statements; they must be equal.`,
    );
  }
  const questionIds = new Set<string>();
  for (const q of study.postsortQuestions) {
    if (questionIds.has(q.id)) throw new InvalidInputError(`Post-sort question "${q.id}" is given twice.`);
    questionIds.add(q.id);
  }
  const texts: Array<[string, Partial<Record<string, string>>]> = [
    ['instructions', study.instructions],
    ...study.statements.map((s): [string, Partial<Record<string, string>>] => [`statement "${s.id}"`, s.text]),
    ...study.postsortQuestions.map((q): [string, Partial<Record<string, string>>] => [`post-sort question "${q.id}"`, q.text]),
  ];
  for (const [what, text] of texts) {
    for (const lang of study.languages) {
      if (!text[lang]) throw new InvalidInputError(`The ${what} has no text in "${lang}", one of the study's languages.`);
    }
  }
  return study;
}

/** Creates a study in one transaction; returns its id. */
export async function createStudy(db: Database, input: unknown): Promise<string> {
  const study = validateStudy(input);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    if (study.studyCode) {
      const taken = await trx.selectFrom('qmethod_study').select('id').where('study_code', '=', study.studyCode).executeTakeFirst();
      if (taken) throw new InvalidInputError(`The study code "${study.studyCode}" is already used by another study.`);
    }
    await trx
      .insertInto('qmethod_study')
      .values({
        id,
        title: study.title,
        languages: JSON.stringify(study.languages),
        instructions: JSON.stringify(study.instructions),
        presort: study.presort,
        study_code: study.studyCode ?? null,
      })
      .execute();
    await trx
      .insertInto('qmethod_statement')
      .values(study.statements.map((s, ordinal) => ({ study_id: id, statement_id: s.id, ordinal, text: JSON.stringify(s.text) })))
      .execute();
    await trx
      .insertInto('qmethod_grid_column')
      .values(study.grid.map((c) => ({ study_id: id, position: c.position, capacity: c.count })))
      .execute();
    if (study.postsortQuestions.length > 0) {
      await trx
        .insertInto('qmethod_postsort_question')
        .values(study.postsortQuestions.map((q, ordinal) => ({ study_id: id, question_id: q.id, ordinal, text: JSON.stringify(q.text) })))
        .execute();
    }
  });
  return id;
}

export interface StoredStudy {
  id: string;
  title: string;
  languages: string[];
  instructions: Record<string, string>;
  presort: boolean;
  studyCode: string | null;
  status: 'draft' | 'open' | 'closed';
  statements: Array<{ id: string; text: Record<string, string> }>;
  grid: GridColumn[];
  postsortQuestions: Array<{ id: string; text: Record<string, string> }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadStudy(db: Database, studyId: string): Promise<StoredStudy | undefined> {
  if (!UUID.test(studyId)) return undefined;
  const study = await db.selectFrom('qmethod_study').selectAll().where('id', '=', studyId).executeTakeFirst();
  if (!study) return undefined;
  const [statements, grid, questions] = await Promise.all([
    db.selectFrom('qmethod_statement').selectAll().where('study_id', '=', studyId).orderBy('ordinal').execute(),
    db.selectFrom('qmethod_grid_column').selectAll().where('study_id', '=', studyId).orderBy('position').execute(),
    db.selectFrom('qmethod_postsort_question').selectAll().where('study_id', '=', studyId).orderBy('ordinal').execute(),
  ]);
  return {
    id: study.id,
    title: study.title,
    languages: study.languages,
    instructions: study.instructions,
    presort: study.presort,
    studyCode: study.study_code,
    status: study.status,
    statements: statements.map((s) => ({ id: s.statement_id, text: s.text })),
    grid: grid.map((c) => ({ position: c.position, count: c.capacity })),
    postsortQuestions: questions.map((q) => ({ id: q.question_id, text: q.text })),
  };
}

/** Opens (or closes) a study for sorting. A draft can be opened; an open study closed. */
export async function setStudyStatus(db: Database, studyId: string, status: 'open' | 'closed'): Promise<void> {
  const from = status === 'open' ? 'draft' : 'open';
  if (!UUID.test(studyId)) throw new InvalidInputError(`There is no study "${studyId}".`);
  const result = await db
    .updateTable('qmethod_study')
    .set({ status })
    .where('id', '=', studyId)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new InvalidInputError(`Only a ${from} study can be made ${status}.`);
}

/** Adds participants by pseudonymous label; returns each one's personal token (shown once, only its hash is kept). */
export async function addParticipants(db: Database, studyId: string, labels: string[]): Promise<Array<{ label: string; token: string }>> {
  const clean = labels.map((l) => l.trim());
  const seen = new Set<string>();
  for (const label of clean) {
    if (!/^[^\s,;"]{1,10}$/.test(label))
      throw new InvalidInputError(
        `Participant label "${label}" must be 1–10 characters without spaces, commas, semicolons or quotes (PQMethod's limit).`,
      );
    if (seen.has(label)) throw new InvalidInputError(`Participant label "${label}" is given twice.`);
    seen.add(label);
  }
  if (!(await loadStudy(db, studyId))) throw new InvalidInputError(`There is no study "${studyId}".`);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('qmethod_participant')
      .select('label')
      .where('study_id', '=', studyId)
      .where('label', 'in', clean.length ? clean : [''])
      .execute();
    if (existing.length > 0) throw new InvalidInputError(`Participant label "${existing[0].label}" is already in the study.`);
    const created = clean.map((label) => ({ id: randomUUID(), label, token: newToken() }));
    if (created.length === 0) return [];
    await trx
      .insertInto('qmethod_participant')
      .values(created.map((p) => ({ id: p.id, study_id: studyId, label: p.label })))
      .execute();
    await trx
      .insertInto('qmethod_token')
      .values(created.map((p) => ({ token_hash: hashToken(p.token), participant_id: p.id })))
      .execute();
    return created.map(({ label, token }) => ({ label, token }));
  });
}

/**
 * Joining with a study code: a new pseudonymous participant of the open study with that code, and
 * its personal token (the page then continues at /q/<token>, which the participant can bookmark to resume).
 */
export async function joinByStudyCode(db: Database, code: string): Promise<{ token: string; label: string } | undefined> {
  const study = await db.selectFrom('qmethod_study').select(['id', 'status']).where('study_code', '=', code.trim()).executeTakeFirst();
  if (!study || study.status !== 'open') return undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const label = `C${newToken()
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 7)
      .toUpperCase()}`;
    try {
      const [created] = await addParticipants(db, study.id, [label]);
      return created;
    } catch (error) {
      // A label clash (already in the study) is retried with another random label.
      if (!(error instanceof InvalidInputError) || !/already in the study/.test(error.message)) throw error;
    }
  }
  throw new InvalidInputError('Could not find a free participant label; try again.');
}

export async function participantForToken(
  db: Database,
  token: string,
): Promise<{ participantId: string; studyId: string; label: string } | undefined> {
  const row = await db
    .selectFrom('qmethod_token')
    .innerJoin('qmethod_participant', 'qmethod_participant.id', 'qmethod_token.participant_id')
    .select(['qmethod_participant.id as participantId', 'qmethod_participant.study_id as studyId', 'qmethod_participant.label as label'])
    .where('qmethod_token.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return row;
}

export const PRESORT_PILES = ['agree', 'neutral', 'disagree'] as const;

export interface SortProgress {
  presort?: Record<string, (typeof PRESORT_PILES)[number]>;
  placements?: Record<string, number>;
  postsort?: Record<string, string>;
}

export class SortAlreadySubmittedError extends QmethodError {
  constructor() {
    super('invalid_input', 'This sort has already been submitted and cannot be changed.');
  }
}

/** Checks placements against the study: known statements, positions on the grid, no column over capacity; complete if asked. */
function checkPlacements(study: StoredStudy, label: string, placements: Record<string, number>, complete: boolean): void {
  const known = new Set(study.statements.map((s) => s.id));
  const capacity = new Map(study.grid.map((c) => [c.position, c.count]));
  const used = new Map<number, number>();
  for (const [statement, position] of Object.entries(placements)) {
    if (!known.has(statement)) throw new InvalidInputError(`Statement "${statement}" is not in this study.`);
    if (!Number.isInteger(position) || !capacity.has(position))
      throw new GridViolationError(label, `statement "${statement}" is at position ${position}, which is not on the grid.`);
    used.set(position, (used.get(position) ?? 0) + 1);
  }
  for (const [position, count] of used) {
    if (count > capacity.get(position)!)
      throw new GridViolationError(label, `column ${position} holds ${count} cards, the grid has room for ${capacity.get(position)}.`);
  }
  if (complete) {
    const missing = study.statements.filter((s) => !(s.id in placements));
    if (missing.length > 0) throw new GridViolationError(label, `${missing.length} statement(s) are not placed, e.g. "${missing[0].id}".`);
  }
}

function checkProgress(study: StoredStudy, progress: SortProgress): void {
  const known = new Set(study.statements.map((s) => s.id));
  for (const [statement, pile] of Object.entries(progress.presort ?? {})) {
    if (!known.has(statement)) throw new InvalidInputError(`Statement "${statement}" is not in this study.`);
    if (!(PRESORT_PILES as readonly string[]).includes(pile)) throw new InvalidInputError(`"${pile}" is not a pre-sort pile.`);
  }
  const questions = new Set(study.postsortQuestions.map((q) => q.id));
  for (const [question, answer] of Object.entries(progress.postsort ?? {})) {
    if (!questions.has(question)) throw new InvalidInputError(`Post-sort question "${question}" is not in this study.`);
    if (typeof answer !== 'string' || answer.length > 5000)
      throw new InvalidInputError(`The answer to "${question}" must be text of at most 5000 characters.`);
  }
}

async function studyForParticipant(db: Database, participantId: string): Promise<{ study: StoredStudy; label: string }> {
  const participant = await db.selectFrom('qmethod_participant').selectAll().where('id', '=', participantId).executeTakeFirst();
  if (!participant) throw new InvalidInputError('Unknown participant.');
  const study = await loadStudy(db, participant.study_id);
  if (!study) throw new InvalidInputError('Unknown study.');
  if (study.status !== 'open') throw new InvalidInputError('The study is not open for sorting.');
  return { study, label: participant.label };
}

/** Saves a sort in progress (placements may be partial) so the participant can resume later. */
export async function saveSortProgress(db: Database, participantId: string, progress: SortProgress): Promise<void> {
  const { study, label } = await studyForParticipant(db, participantId);
  checkPlacements(study, label, progress.placements ?? {}, false);
  checkProgress(study, progress);
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('qmethod_sort')
      .select('submitted_at')
      .where('participant_id', '=', participantId)
      .forUpdate()
      .executeTakeFirst();
    if (current?.submitted_at) throw new SortAlreadySubmittedError();
    const values = {
      presort: JSON.stringify(progress.presort ?? {}),
      placements: JSON.stringify(progress.placements ?? {}),
      postsort: JSON.stringify(progress.postsort ?? {}),
      updated_at: new Date(),
    };
    await trx
      .insertInto('qmethod_sort')
      .values({ participant_id: participantId, study_id: study.id, ...values })
      .onConflict((oc) => oc.column('participant_id').doUpdateSet(values))
      .execute();
  });
}

export async function loadSortProgress(
  db: Database,
  participantId: string,
): Promise<(Required<SortProgress> & { submitted: boolean }) | undefined> {
  const row = await db.selectFrom('qmethod_sort').selectAll().where('participant_id', '=', participantId).executeTakeFirst();
  if (!row) return undefined;
  return {
    presort: row.presort as Required<SortProgress>['presort'],
    placements: row.placements,
    postsort: row.postsort,
    submitted: row.submitted_at !== null,
  };
}

/** Submits a complete sort that fits the grid exactly; once. */
export async function submitSort(db: Database, participantId: string, progress: SortProgress, now = new Date()): Promise<void> {
  const { study, label } = await studyForParticipant(db, participantId);
  checkPlacements(study, label, progress.placements ?? {}, true);
  checkProgress(study, progress);
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('qmethod_sort')
      .select('submitted_at')
      .where('participant_id', '=', participantId)
      .forUpdate()
      .executeTakeFirst();
    if (current?.submitted_at) throw new SortAlreadySubmittedError();
    const values = {
      presort: JSON.stringify(progress.presort ?? {}),
      placements: JSON.stringify(progress.placements),
      postsort: JSON.stringify(progress.postsort ?? {}),
      updated_at: now,
      submitted_at: now,
    };
    await trx
      .insertInto('qmethod_sort')
      .values({ participant_id: participantId, study_id: study.id, ...values })
      .onConflict((oc) => oc.column('participant_id').doUpdateSet(values))
      .execute();
  });
}

/** The submitted sorts of a study as analysis input (statements in Q-set order, participants by label), and its grid. */
export async function loadSubmittedSorts(db: Database, studyId: string): Promise<{ data: QSortData; grid: GridColumn[] }> {
  const study = await loadStudy(db, studyId);
  if (!study) throw new InvalidInputError(`There is no study "${studyId}".`);
  const sorts = await db
    .selectFrom('qmethod_sort')
    .innerJoin('qmethod_participant', 'qmethod_participant.id', 'qmethod_sort.participant_id')
    .select(['qmethod_participant.label as label', 'qmethod_sort.placements as placements'])
    .where('qmethod_sort.study_id', '=', studyId)
    .where('qmethod_sort.submitted_at', 'is not', null)
    .orderBy('qmethod_participant.label')
    .execute();
  const data: QSortData = {
    statements: study.statements.map((s) => s.id),
    participants: sorts.map((s) => s.label),
    values: study.statements.map((s) => sorts.map((sort) => sort.placements[s.id])),
  };
  checkShape(data);
  return { data, grid: study.grid };
}
