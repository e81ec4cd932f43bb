import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { analyzeQSorts } from '../../src/qmethod/analysis.ts';
import { parseSortsCsv } from '../../src/qmethod/formats.ts';
import { analysisFiles } from '../../src/qmethod/output.ts';
import {
  addParticipants,
  createStudy,
  loadSubmittedSorts,
  participantForToken,
  setStudyStatus,
  submitSort,
} from '../../src/qmethod/study.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { RESULT_GRID as GRID, RESULT_STATEMENTS as STATEMENTS, viewpointSort as sortOf } from './helpers.ts';

let t: TestApp;
let studyId: string;
const cookieOf = async (employeeId: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
  expect(res.statusCode).toBe(303);
  return `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`;
};

beforeAll(async () => {
  t = await testApp();
  await grantRole(t.ctx.db, 'l1', 'national_analyst', null);
  studyId = await createStudy(t.ctx.db, {
    title: 'Resultatstudie',
    languages: ['nb', 'en'],
    instructions: { nb: 'Sorter.', en: 'Sort.' },
    statements: STATEMENTS,
    grid: GRID,
  });
  await setStudyStatus(t.ctx.db, studyId, 'open');
  const tokens = await addParticipants(
    t.ctx.db,
    studyId,
    Array.from({ length: 12 }, (_, k) => `P${String(k + 1).padStart(2, '0')}`),
  );
  for (const [k, { token }] of tokens.entries()) {
    const p = (await participantForToken(t.ctx.db, token))!;
    await submitSort(t.ctx.db, p.participantId, { placements: sortOf(k) });
  }
});
afterAll(async () => t?.close());

describe('Q study results page', () => {
  it('shows the factor table, loadings, arrays, distinguishing statements and correlations to an analyst', async () => {
    const cookie = await cookieOf('l1');
    const res = await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results?factors=3&lang=en`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    for (const text of [
      'Eigenvalue (unrotated)',
      '% variance (rotated)',
      'Loadings (flagged with *)',
      'Factor f1: the statements on the grid',
      'Distinguishing and consensus statements',
      'Correlations between factor scores',
      'zscores.csv',
    ]) {
      expect(res.body).toContain(text);
    }
    expect(res.body).toContain('12 sorts of 36 statements. Extraction: pca, rotation: varimax');
  });

  it('serves the same CSV files as the command line', async () => {
    const cookie = await cookieOf('l1');
    const { data, grid } = await loadSubmittedSorts(t.ctx.db, studyId);
    const expected = analysisFiles(analyzeQSorts(data, { factors: 3, extraction: 'pca', rotation: 'varimax', grid }));
    for (const name of ['loadings.csv', 'arrays.csv', 'distinguishing.csv']) {
      const res = await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results/${name}?factors=3`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.body).toBe(expected[name]);
    }
    const missing = await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results/secrets.csv`, headers: { cookie } });
    expect(missing.statusCode).toBe(404);

    // The workbook holds the same files, a sheet each, with numbers as numbers.
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/qmethod/studies/${studyId}/results/results.xlsx?factors=3`,
      headers: { cookie },
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => `${w.name}.csv`)).toEqual(Object.keys(expected));
    const loadings = parse(expected['loadings.csv'], { skip_empty_lines: true }) as string[][];
    const sheet = workbook.getWorksheet('loadings')!;
    expect(sheet.rowCount).toBe(loadings.length);
    expect(sheet.getRow(2).getCell(1).value).toBe(loadings[1][0]);
    expect(sheet.getRow(2).getCell(2).value).toBe(Number(loadings[1][1]));
  });

  it('names bad parameters (422) and shows an analysis that cannot be done as such', async () => {
    const cookie = await cookieOf('l1');
    const bad = await t.app.inject({
      method: 'GET',
      url: `/qmethod/studies/${studyId}/results?factors=abc&rotation=promax`,
      headers: { cookie, accept: 'application/json' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['factors', 'rotation']);
    // The page itself answers a page, naming the same fields.
    const badPage = await t.app.inject({
      method: 'GET',
      url: `/qmethod/studies/${studyId}/results?factors=abc&rotation=promax&lang=en`,
      headers: { cookie },
    });
    expect(badPage.statusCode).toBe(422);
    expect(badPage.headers['content-type']).toContain('text/html');
    expect(badPage.body).toContain('rotation: must be one of: varimax, none');
    const tooMany = await t.app.inject({
      method: 'GET',
      url: `/qmethod/studies/${studyId}/results?factors=12&lang=en`,
      headers: { cookie },
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.body).toContain('The analysis cannot be done');
  });

  it('is closed to the signed-out (the login) and to counselors (403); an unknown study is 404', async () => {
    const signedOut = await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results` });
    expect(signedOut.statusCode).toBe(302);
    expect(signedOut.headers.location).toBe('/login?lang=nb');
    const counselor = await cookieOf('v1');
    expect(
      (await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results`, headers: { cookie: counselor } })).statusCode,
    ).toBe(403);
    const cookie = await cookieOf('l1');
    expect(
      (await t.app.inject({ method: 'GET', url: `/qmethod/studies/00000000-0000-4000-8000-000000000000/results`, headers: { cookie } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('Q study results page with a factor without flagged sorts', () => {
  // The sorts of reference/qmethod/unflagged16 (33 statements × 16 sorts): with 3 factors (PCA,
  // varimax) no sort is flagged on f3, and R qmethod leaves its scores NA with a warning.
  const data = parseSortsCsv(readFileSync(new URL('../../reference/qmethod/unflagged16/sorts.csv', import.meta.url), 'utf8'));
  let unflaggedStudy: string;

  beforeAll(async () => {
    const counts = new Map<number, number>();
    for (const row of data.values) counts.set(row[0], (counts.get(row[0]) ?? 0) + 1);
    unflaggedStudy = await createStudy(t.ctx.db, {
      title: 'Uflagget faktor',
      languages: ['nb', 'nn', 'en'],
      instructions: { nb: 'Sorter.', nn: 'Sorter.', en: 'Sort.' },
      statements: data.statements.map((id, s) => ({
        id,
        text: { nb: `Utsagn ${s + 1}`, nn: `Utsegn ${s + 1}`, en: `Statement ${s + 1}` },
      })),
      grid: [...counts].map(([position, count]) => ({ position, count })).sort((a, b) => a.position - b.position),
    });
    await setStudyStatus(t.ctx.db, unflaggedStudy, 'open');
    const tokens = await addParticipants(t.ctx.db, unflaggedStudy, data.participants);
    for (const [k, { token }] of tokens.entries()) {
      const p = (await participantForToken(t.ctx.db, token))!;
      await submitSort(t.ctx.db, p.participantId, {
        placements: Object.fromEntries(data.statements.map((id, s) => [id, data.values[s][k]])),
      });
    }
  });

  const WARNING = {
    nb: 'Ingen sortering er flagget på faktor f3.',
    nn: 'Ingen sortering er flagga på faktor f3.',
    en: 'No sort is flagged on factor f3.',
  } as const;

  it.each(['nb', 'nn', 'en'] as const)(
    'shows the results (200) with a warning naming the factor, in the page language (%s)',
    async (lang) => {
      const cookie = await cookieOf('l1');
      const res = await t.app.inject({
        method: 'GET',
        url: `/qmethod/studies/${unflaggedStudy}/results?factors=3&lang=${lang}`,
        headers: { cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`lang="${lang}"`);
      for (const [other, text] of Object.entries(WARNING)) {
        if (other === lang) expect(res.body).toContain(text);
        else expect(res.body).not.toContain(text);
      }
      expect(res.body).toContain('aksel-alert--warning');
      // Factor arrays for f1 and f2 only; the tables, the downloads and the other factors are all there.
      expect(res.body).toMatch(/(Faktor|Factor) f2: /);
      expect(res.body).not.toMatch(/(Faktor|Factor) f3: /);
      expect(res.body).toContain('zscores.csv');
    },
  );

  it('serves the files with f3 cells empty, as the command line writes them', async () => {
    const cookie = await cookieOf('l1');
    const { data: submitted, grid } = await loadSubmittedSorts(t.ctx.db, unflaggedStudy);
    const result = analyzeQSorts(submitted, { factors: 3, extraction: 'pca', rotation: 'varimax', grid });
    expect(result.unflaggedFactors).toEqual([2]);
    const expected = analysisFiles(result);
    for (const name of ['zscores.csv', 'factors.csv', 'score-correlations.csv']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/qmethod/studies/${unflaggedStudy}/results/${name}?factors=3`,
        headers: { cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(expected[name]);
    }
    const zscores = parse(expected['zscores.csv']) as string[][];
    expect(zscores.slice(1).every((row) => row[3] === '' && row[1] !== '')).toBe(true);
  });
});
