import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { analyzeQSorts } from '../../src/qmethod/analysis.ts';
import { DuplicateStatementError, GridViolationError, InvalidInputError } from '../../src/qmethod/errors.ts';
import { gridPositions, symmetricGrid } from '../../src/qmethod/grid.ts';
import {
  addParticipants,
  createStudy,
  joinByStudyCode,
  loadSortProgress,
  loadStudy,
  loadSubmittedSorts,
  participantForToken,
  saveSortProgress,
  setStudyStatus,
  SortAlreadySubmittedError,
  submitSort,
  type StudyInput,
} from '../../src/qmethod/study.ts';
import { freshDatabase } from '../support/db.ts';

const GRID = symmetricGrid([1, 2, 3, 4, 5, 6]);
const STATEMENTS = Array.from({ length: 36 }, (_, i) => ({
  id: `u${i + 1}`,
  text: { nb: `Utsagn ${i + 1}`, en: `Statement ${i + 1}` },
}));

function studyInput(overrides: Partial<StudyInput> = {}): StudyInput {
  return {
    title: 'Kompetanse i AAP-oppfølging',
    languages: ['nb', 'en'],
    instructions: { nb: 'Sorter utsagnene etter hvor enig du er.', en: 'Sort the statements by how much you agree.' },
    presort: true,
    statements: STATEMENTS,
    grid: GRID,
    postsortQuestions: [{ id: 'extremes', text: { nb: 'Hvorfor la du disse ytterst?', en: 'Why did you place these at the ends?' } }],
    ...overrides,
  };
}

/** A complete sort on the grid: statements dealt in a rotated order onto the grid positions. */
function placementsFor(shift: number): Record<string, number> {
  const positions = gridPositions(GRID);
  return Object.fromEntries(STATEMENTS.map((s, i) => [s.id, positions[(i * 7 + shift) % 36]]));
}

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await freshDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const countRows = async (table: 'qmethod_study' | 'qmethod_statement' | 'qmethod_grid_column') =>
  Number(
    (
      await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Q study set-up', () => {
  it('stores the Q-set, grid, instructions and post-sort questions', async () => {
    const id = await createStudy(handle.db, studyInput({ studyCode: 'AAP-2026' }));
    const study = await loadStudy(handle.db, id);
    expect(study?.statements).toEqual(STATEMENTS);
    expect(study?.grid).toEqual(GRID);
    expect(study?.instructions.en).toBe('Sort the statements by how much you agree.');
    expect(study?.postsortQuestions.map((q) => q.id)).toEqual(['extremes']);
    expect(study?.status).toBe('draft');
    expect(study?.studyCode).toBe('AAP-2026');
  });

  it('refuses a grid that does not fit the Q-set, duplicate statements and missing translations, storing nothing', async () => {
    const before = await Promise.all([countRows('qmethod_study'), countRows('qmethod_statement'), countRows('qmethod_grid_column')]);
    const shortGrid = GRID.map((c) => (c.position === 0 ? { ...c, count: 5 } : c));
    await expect(createStudy(handle.db, studyInput({ grid: shortGrid }))).rejects.toThrow(
      /grid holds 35 cards but the Q-set has 36 statements/,
    );
    const duplicate = [...STATEMENTS.slice(0, 35), { ...STATEMENTS[0] }];
    await expect(createStudy(handle.db, studyInput({ statements: duplicate }))).rejects.toThrow(DuplicateStatementError);
    const untranslated = STATEMENTS.map((s, i) => (i === 4 ? { id: s.id, text: { nb: s.text.nb } } : s));
    await expect(createStudy(handle.db, studyInput({ statements: untranslated }))).rejects.toThrow(/statement "u5" has no text in "en"/);
    await expect(createStudy(handle.db, studyInput({ title: '' }))).rejects.toThrow(/title/);
    await expect(createStudy(handle.db, studyInput({ studyCode: 'AAP-2026' }))).rejects.toThrow(/study code "AAP-2026" is already used/);
    const after = await Promise.all([countRows('qmethod_study'), countRows('qmethod_statement'), countRows('qmethod_grid_column')]);
    expect(after).toEqual(before);
  });
});

describe('sorting: progress, resume, submit', () => {
  let studyId: string;
  let tokens: Array<{ label: string; token: string }>;

  beforeAll(async () => {
    studyId = await createStudy(handle.db, studyInput());
    tokens = await addParticipants(handle.db, studyId, ['P01', 'P02', 'P03', 'P04']);
  });

  it('gives each participant a personal token and stores only its hash', async () => {
    expect(new Set(tokens.map((t) => t.token)).size).toBe(4);
    const found = await participantForToken(handle.db, tokens[1].token);
    expect(found).toMatchObject({ studyId, label: 'P02' });
    expect(await participantForToken(handle.db, 'not-a-token')).toBeUndefined();
    const stored = await handle.db.selectFrom('qmethod_token').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(tokens[0].token);
    await expect(addParticipants(handle.db, studyId, ['P01'])).rejects.toThrow(/already in the study/);
  });

  it('accepts sorting only once the study is open', async () => {
    const p = (await participantForToken(handle.db, tokens[0].token))!;
    await expect(saveSortProgress(handle.db, p.participantId, { placements: {} })).rejects.toThrow(/not open/);
    await setStudyStatus(handle.db, studyId, 'open');
  });

  it('saves partial progress and resumes it; refuses a full column', async () => {
    const p = (await participantForToken(handle.db, tokens[0].token))!;
    const partial = { u1: 5, u2: -5, u3: 0 };
    await saveSortProgress(handle.db, p.participantId, { presort: { u1: 'agree', u2: 'disagree' }, placements: partial });
    expect(await loadSortProgress(handle.db, p.participantId)).toEqual({
      presort: { u1: 'agree', u2: 'disagree' },
      placements: partial,
      postsort: {},
      submitted: false,
    });
    await expect(saveSortProgress(handle.db, p.participantId, { placements: { u1: 5, u2: 5 } })).rejects.toThrow(GridViolationError);
    expect((await loadSortProgress(handle.db, p.participantId))?.placements).toEqual(partial);
  });

  it('stores a submitted sort exactly, once', async () => {
    const p = (await participantForToken(handle.db, tokens[0].token))!;
    const placements = placementsFor(0);
    await submitSort(handle.db, p.participantId, { placements, postsort: { extremes: 'Fordi.' } });
    expect(await loadSortProgress(handle.db, p.participantId)).toMatchObject({
      placements,
      postsort: { extremes: 'Fordi.' },
      submitted: true,
    });
    await expect(submitSort(handle.db, p.participantId, { placements: placementsFor(1) })).rejects.toThrow(SortAlreadySubmittedError);
    await expect(saveSortProgress(handle.db, p.participantId, { placements: {} })).rejects.toThrow(SortAlreadySubmittedError);
    expect((await loadSortProgress(handle.db, p.participantId))?.placements).toEqual(placements);
  });

  it('refuses an incomplete sort or one off the grid, storing nothing', async () => {
    const p = (await participantForToken(handle.db, tokens[1].token))!;
    const incomplete = placementsFor(2);
    delete incomplete.u36;
    await expect(submitSort(handle.db, p.participantId, { placements: incomplete })).rejects.toThrow(/1 statement\(s\) are not placed/);
    await expect(submitSort(handle.db, p.participantId, { placements: { ...placementsFor(2), u1: 6 } })).rejects.toThrow(/not on the grid/);
    await expect(submitSort(handle.db, p.participantId, { placements: { ...placementsFor(2), u99: 1 } })).rejects.toThrow(
      InvalidInputError,
    );
    expect(await loadSortProgress(handle.db, p.participantId)).toBeUndefined();
  });

  it('hands the submitted sorts to the analysis', async () => {
    for (const [i, t] of tokens.slice(1).entries()) {
      const p = (await participantForToken(handle.db, t.token))!;
      await submitSort(handle.db, p.participantId, { placements: placementsFor(3 + 5 * i) });
    }
    const { data, grid } = await loadSubmittedSorts(handle.db, studyId);
    expect(data.participants).toEqual(['P01', 'P02', 'P03', 'P04']);
    expect(data.values.map((row) => row[0])).toEqual(STATEMENTS.map((s) => placementsFor(0)[s.id]));
    const result = analyzeQSorts(data, {
      factors: 2,
      extraction: 'pca',
      rotation: 'none',
      grid,
      flagThreshold: 0.01,
      flagRequiresMajority: false,
    });
    expect(result.participants).toEqual(['P01', 'P02', 'P03', 'P04']);
    expect(result.grid).toEqual(gridPositions(GRID));
  });
});

describe('joining with a study code', () => {
  it('adds a new pseudonymous participant to the open study with that code, and only to an open one', async () => {
    const studyId = await createStudy(handle.db, studyInput({ studyCode: 'JOIN-2026' }));
    expect(await joinByStudyCode(handle.db, 'JOIN-2026')).toBeUndefined(); // still a draft
    await setStudyStatus(handle.db, studyId, 'open');
    const joined = await joinByStudyCode(handle.db, '  JOIN-2026 ');
    expect(joined?.label).toMatch(/^C[A-Z0-9]{7}$/);
    expect(await participantForToken(handle.db, joined!.token)).toEqual({
      participantId: expect.any(String),
      studyId,
      label: joined!.label,
    });
    const again = await joinByStudyCode(handle.db, 'JOIN-2026');
    expect(again?.token).not.toBe(joined!.token);
    expect(await joinByStudyCode(handle.db, 'NO-SUCH-CODE')).toBeUndefined();
  });
});
