import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { analyzeQSorts } from '../../src/qmethod/analysis.ts';
import { analysisFiles } from '../../src/qmethod/output.ts';
import { addParticipants, createStudy, loadSubmittedSorts, participantForToken, setStudyStatus, submitSort } from '../../src/qmethod/study.ts';
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
  const tokens = await addParticipants(t.ctx.db, studyId, Array.from({ length: 12 }, (_, k) => `P${String(k + 1).padStart(2, '0')}`));
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
    for (const text of ['Eigenvalue (unrotated)', '% variance (rotated)', 'Loadings (flagged with *)', 'Factor f1: the statements on the grid', 'Distinguishing and consensus statements', 'Correlations between factor scores', 'zscores.csv']) {
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
    const xlsx = await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results/results.xlsx?factors=3`, headers: { cookie } });
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
    const bad = await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results?factors=abc&rotation=promax`, headers: { cookie } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields.map((f: { field: string }) => f.field).sort()).toEqual(['factors', 'rotation']);
    const tooMany = await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results?factors=12&lang=en`, headers: { cookie } });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.body).toContain('The analysis cannot be done');
  });

  it('is closed to the signed-out (401) and to counselors (403); an unknown study is 404', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results` })).statusCode).toBe(401);
    const counselor = await cookieOf('v1');
    expect((await t.app.inject({ method: 'GET', url: `/qmethod/studies/${studyId}/results`, headers: { cookie: counselor } })).statusCode).toBe(403);
    const cookie = await cookieOf('l1');
    expect((await t.app.inject({ method: 'GET', url: `/qmethod/studies/00000000-0000-4000-8000-000000000000/results`, headers: { cookie } })).statusCode).toBe(404);
  });
});
