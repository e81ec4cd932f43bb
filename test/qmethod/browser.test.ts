import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridPositions, symmetricGrid } from '../../src/qmethod/grid.ts';
import { grantRole } from '../../src/access/actor.ts';
import {
  addParticipants,
  createStudy,
  loadSortProgress,
  participantForToken,
  setStudyStatus,
  submitSort,
  type StudyInput,
} from '../../src/qmethod/study.ts';
import { RESULT_GRID, RESULT_STATEMENTS, viewpointSort } from './helpers.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';

const GRID = symmetricGrid([1, 2, 3, 4, 5, 6]); // −5…+5, 36 cards
const STATEMENTS = Array.from({ length: 36 }, (_, i) => ({
  id: `u${i + 1}`,
  text: { nb: `Utsagn nummer ${i + 1} om oppfølging av brukere`, en: `Statement number ${i + 1} about following up users` },
}));
const study = (presort: boolean): StudyInput => ({
  title: 'Veiledning i AAP',
  languages: ['nb', 'en'],
  instructions: { nb: 'Sorter utsagnene etter hvor enig du er.', en: 'Sort the statements by how much you agree.' },
  presort,
  statements: STATEMENTS,
  grid: GRID,
  postsortQuestions: [
    {
      id: 'why',
      text: { nb: 'Hvorfor la du utsagnene ytterst der du gjorde?', en: 'Why did you place the extreme statements where you did?' },
    },
  ],
});

/** The intended sort: statement i goes to the grid position dealt in a scrambled order. */
const positions = gridPositions(GRID);
const intended: Record<string, number> = Object.fromEntries(STATEMENTS.map((s, i) => [s.id, positions[(i * 11 + 5) % 36]]));
/** Options in the select: "not placed", then +5 … −5. */
const optionIndex = (position: number) => 1 + (5 - position);

describe('Q sorting page in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();
  let base: string;
  let tokens: Array<{ label: string; token: string }>;
  let presortToken: string;
  let resultsStudy: string;

  beforeAll(async () => {
    t = await testApp();
    const id = await createStudy(t.ctx.db, study(false));
    await setStudyStatus(t.ctx.db, id, 'open');
    tokens = await addParticipants(t.ctx.db, id, ['K01', 'K02', 'K03', 'K04']);
    const withPresort = await createStudy(t.ctx.db, { ...study(true), studyCode: 'AAP-2026' });
    await setStudyStatus(t.ctx.db, withPresort, 'open');
    presortToken = (await addParticipants(t.ctx.db, withPresort, ['P01']))[0].token;
    resultsStudy = await createStudy(t.ctx.db, {
      title: 'Resultater',
      languages: ['nb', 'en'],
      instructions: { nb: 'Sorter.', en: 'Sort.' },
      statements: RESULT_STATEMENTS,
      grid: RESULT_GRID,
    });
    await setStudyStatus(t.ctx.db, resultsStudy, 'open');
    const sorters = await addParticipants(
      t.ctx.db,
      resultsStudy,
      Array.from({ length: 12 }, (_, k) => `R${k + 1}`),
    );
    for (const [k, s] of sorters.entries())
      await submitSort(t.ctx.db, (await participantForToken(t.ctx.db, s.token))!.participantId, { placements: viewpointSort(k) });
    await grantRole(t.ctx.db, 'l1', 'national_analyst', null);
    base = browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  const participantId = async (token: string) => (await participantForToken(t.ctx.db, token))!.participantId;
  const focusedName = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');

  /** Tabs until the element named `name` has focus (keyboard only). */
  async function tabTo(page: Page, name: string) {
    for (let i = 0; i < 200 && (await focusedName(page)) !== name; i++) await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe(name);
  }

  /** On the focused (closed) select, moves to option `index` with the arrow keys. */
  async function chooseOption(page: Page, index: number) {
    await page.keyboard.press('Home');
    for (let k = 0; k < index; k++) await page.keyboard.press('ArrowDown');
  }

  it('sorts 36 cards into the −5…+5 grid with the keyboard alone, submits, and the sort is stored exactly', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const token = tokens[0].token;
    await page.goto(`${base}/q/${token}`);
    for (const [i, s] of STATEMENTS.entries()) {
      await tabTo(page, `card-${i}`);
      await chooseOption(page, optionIndex(intended[s.id]));
      expect(await page.inputValue(`#card-${i}`)).toBe(String(intended[s.id]));
    }
    await tabTo(page, 'post-0');
    await page.keyboard.type('Fordi de betyr mest for meg.');
    await tabTo(page, 'action');
    expect(await page.evaluate(() => (document.activeElement as HTMLButtonElement).value)).toBe('submit');
    await Promise.all([page.waitForURL(/\/takk/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Takk for sorteringen');
    await context.close();
    const stored = await loadSortProgress(t.ctx.db, await participantId(token));
    expect(stored).toEqual({ placements: intended, presort: {}, postsort: { why: 'Fordi de betyr mest for meg.' }, submitted: true });
  });

  it('saves a half-done sort and resumes it later', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const token = tokens[1].token;
    await page.goto(`${base}/q/${token}?lang=en`);
    const half = STATEMENTS.slice(0, 18);
    for (const [i, s] of half.entries()) await page.selectOption(`#card-${i}`, String(intended[s.id]));
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save and continue later' }).click()]);
    await page.goto(`${base}/q/${token}?lang=en`);
    for (const [i, s] of half.entries()) expect(await page.inputValue(`#card-${i}`)).toBe(String(intended[s.id]));
    expect(await page.inputValue('#card-20')).toBe('');
    await context.close();
    const stored = await loadSortProgress(t.ctx.db, await participantId(token));
    expect(stored?.submitted).toBe(false);
    expect(Object.keys(stored!.placements)).toHaveLength(18);
  });

  it('refuses a sort that breaks the grid, says which column, and stores nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const token = tokens[2].token;
    await page.goto(`${base}/q/${token}?lang=en`);
    for (const [i, s] of STATEMENTS.entries()) await page.selectOption(`#card-${i}`, String(i < 2 ? 5 : intended[s.id]));
    const response = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Submit the sort' }).click(),
    ]);
    expect(response[0].status()).toBe(400);
    await page.getByText('Column +5 has 3 statements but takes 1.').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await context.close();
    expect(await loadSortProgress(t.ctx.db, await participantId(token))).toBeUndefined();
  });

  it('lets a participant join with the study code and refuses an unknown code', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/q?lang=en`);
    await page.getByLabel('Study code').fill('NO-SUCH-CODE');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    expect(refused.status()).toBe(400);
    await page.getByText('We find no open study with this code.').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await page.getByLabel('Study code').fill('AAP-2026');
    await Promise.all([page.waitForURL(/\/q\/[A-Za-z0-9_-]{43}\?lang=en$/), page.keyboard.press('Enter')]);
    await expect(page.locator('select[name^="card-"]').count()).resolves.toBe(36);
    const token = new URL(page.url()).pathname.split('/')[2];
    expect((await participantForToken(t.ctx.db, token))?.label).toMatch(/^C[A-Z0-9]{7}$/);
    await context.close();
  });

  for (const width of [1280, 360]) {
    it(`has no axe violations at ${width} px (sorting, pre-sort, errors, saved, thanks, unknown, study code, results)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      const found: string[] = [];
      const check = async (name: string) => found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
      await page.goto(`${base}/q/${tokens[3].token}`);
      await check('sorting nb');
      await page.goto(`${base}/q/${presortToken}?lang=en`);
      await check('sorting with pre-sort en');
      await clickAndLoad(page, page.getByRole('button', { name: 'Submit the sort' }));
      await check('errors');
      await clickAndLoad(page, page.getByRole('button', { name: 'Save and continue later' }));
      await check('saved');
      await page.goto(`${base}/q/${tokens[0].token}/takk`);
      await check('thanks');
      await page.goto(`${base}/q/${tokens[0].token}`);
      await check('already submitted');
      await page.goto(`${base}/q/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
      await check('unknown');
      await signInAs(context, 'l1');
      // In bokmål by choice: the English chosen on the sorting page above is remembered (bs_lang) for this browser.
      await page.goto(`${base}/qmethod/studies/${resultsStudy}/results?factors=3&lang=nb`);
      expect(await page.locator('h1').textContent()).toBe('Resultater: Resultater');
      await check('results nb');
      await page.goto(`${base}/qmethod/studies/${resultsStudy}/results?factors=12&lang=en`);
      await check('results with an analysis error');
      await page.goto(`${base}/q?lang=nn`);
      await check('study code');
      await clickAndLoad(page, page.getByRole('button', { name: 'Start' }));
      await check('study code refused');
      await context.close();
      expect(found).toEqual([]);
    });
  }
});
