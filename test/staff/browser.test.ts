import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { registerStaffCommands } from '../../src/staff/cli.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';
import { blockAnswers } from './helpers.ts';

const BLOCK = [...Array.from({ length: 8 }, (_, i) => `malekort${i + 1}`), 'fokus1', 'fokus2', 'fokus3'];

describe('staff survey analysis in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();
  let base: string;

  beforeAll(async () => {
    t = await testApp();
    // The office leader is also a county analyst here: the analyst role opens the page.
    await grantRole(t.ctx.db, 'l1', 'county_analyst', 'c1');
    base = browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function signedIn(options: BrowserContextOptions): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    await signInAs(context, 'l1');
    return context;
  }

  it('without JavaScript: pastes the answers, picks the group and a block, sees the table and the factor analysis, and downloads the CLI’s TABLE.csv', async () => {
    const context = await signedIn({ javaScriptEnabled: false, acceptDownloads: true });
    const page = await context.newPage();
    const csv = blockAnswers();
    await page.goto(`${base}/analysis/staff?lang=en`);
    await page.getByLabel('Answers (ANSWERS.csv)').fill(csv);
    // The choices come back at the same address: wait for the page to load, not for the URL.
    await clickAndLoad(page, page.getByRole('button', { name: 'Continue' }));
    expect(page.url()).toMatch(/\/analysis\/staff\?lang=en$/);
    expect(await page.locator('h1').textContent()).toBe('Choose the group and the items');
    expect(await page.getByLabel('Group column', { exact: true }).inputValue()).toBe('unit');
    await page.getByLabel('Group column', { exact: true }).selectOption('role');
    const block = page.getByRole('group', { name: /Items in a block for factor analysis/ });
    for (const item of BLOCK) await block.getByLabel(item, { exact: true }).check();
    await page.getByLabel('Number of factors').fill('2');
    await Promise.all([page.waitForURL(/\/analysis\/staff\/results/), page.getByRole('button', { name: 'Run the analysis' }).click()]);

    expect(await page.locator('h1').textContent()).toBe('Staff survey analysis: results');
    const table = page.getByRole('table', { name: /Share answering 4 or 5 per statement and group/ });
    await expect(table.getByRole('columnheader', { name: 'veileder (reference)' }).count()).resolves.toBe(1);
    await expect(table.getByRole('columnheader', { name: 'leder', exact: true }).count()).resolves.toBe(1);
    await expect(table.getByRole('rowheader').allTextContents()).resolves.toEqual(BLOCK);
    // The tiny group (3 «direktør») is not in the table.
    expect(await table.textContent()).not.toContain('direktør');
    await page.getByText('1 group(s) with fewer than 5 respondents are not shown').waitFor();
    await page.getByRole('table', { name: /Loadings after varimax rotation/ }).waitFor();
    await page.getByRole('table', { name: /Cronbach’s alpha/ }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the table (TABLE.csv)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('TABLE.csv');
    const fromBrowser = readFileSync((await download.path())!, 'utf8');

    // The same answers through the command line (the form carried them, line endings and all).
    const dir = mkdtempSync(join(tmpdir(), 'staff-browser-'));
    writeFileSync(join(dir, 'answers.csv'), csv);
    const program = new Command().exitOverride();
    registerStaffCommands(program);
    const log = console.log;
    const error = console.error;
    console.log = console.error = () => {};
    try {
      await program.parseAsync(
        ['staff', 'analyze', join(dir, 'answers.csv'), '--group', 'role', '--items', BLOCK.join(','), '--out', join(dir, 'table.csv')],
        { from: 'user' },
      );
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(fromBrowser).toBe(readFileSync(join(dir, 'table.csv'), 'utf8'));
    await context.close();
  });

  for (const width of [1280, 360]) {
    it(`has no axe violations and no sideways page scroll at ${width} px (paste, error, choices, results)`, async () => {
      const context = await signedIn({ viewport: { width, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      const found: string[] = [];
      const check = async (name: string) => {
        found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) found.push(`${name}: the page scrolls sideways by ${overflow} px`);
      };
      await page.goto(`${base}/analysis/staff?lang=nn`);
      await check('paste nn');
      await clickAndLoad(page, page.getByRole('button', { name: 'Hald fram' }));
      await check('empty paste refused');
      await page.goto(`${base}/analysis/staff?lang=en`);
      await page.getByLabel('Answers (ANSWERS.csv)').fill(blockAnswers());
      await clickAndLoad(page, page.getByRole('button', { name: 'Continue' }));
      await check('choices');
      await page.getByLabel('Group column', { exact: true }).selectOption('role');
      await page.getByRole('checkbox', { name: 'unit', exact: true }).check();
      await clickAndLoad(page, page.getByRole('button', { name: 'Run the analysis' }));
      await check('choices with a bad column');
      expect(await page.title()).toMatch(/^Error: /);
      await page.getByRole('checkbox', { name: 'unit', exact: true }).uncheck();
      const block = page.getByRole('group', { name: /Items in a block for factor analysis/ });
      for (const item of BLOCK) await block.getByLabel(item, { exact: true }).check();
      await clickAndLoad(page, page.getByRole('button', { name: 'Run the analysis' }));
      expect(await page.locator('h1').textContent()).toBe('Staff survey analysis: results');
      await check('results');
      await context.close();
      expect(found).toEqual([]);
    });
  }
});
