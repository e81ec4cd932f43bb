import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueWork } from '../../src/dispatch/worker.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { sessionOf } from '../admin/actors.ts';
import { startSmtpServer } from '../dispatch/fakes.ts';
import { BROWSER_TEST_TIMEOUT_MS, useBrowser } from '../support/browser.ts';
import { listen, meetingEvent, testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

/**
 * The whole loop: a case system posts a meeting → the worker sends the invitation through a real
 * local SMTP server → a citizen opens the link in headless Chromium, answers and submits → the
 * counselor's JSON report counts the answer once its tertial has closed and the threshold is reached.
 */
describe('feedback loop, end to end', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const browser = useBrowser();
  let address: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await testApp({ DELIVERY_MODE: 'live', SMTP_URL: smtp.url });
    address = browser.base = await listen(t.app);
    t.ctx.config.PUBLIC_URL = address;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  type StatementJson = { id: string; figure: { suppressed: boolean; n?: number; mean?: number } };
  async function counselorJson(): Promise<{
    periods: Array<{ period: string; answers: number; enough_answers: boolean; statements: StatementJson[] }>;
  }> {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/report', cookies: await sessionOf(t, 'v6') });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('counts a citizen’s answer in the counselor’s report once its tertial has closed and there are five', async () => {
    // Four earlier answers this month: March is not final yet, so nothing is counted, let alone shown.
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 4 }, () => ({ counselor_id: 'v6', unit_id: 't2', answers: NATIONAL_INSTRUMENT.statements.map(() => 4) })),
    );
    expect((await counselorJson()).periods).toEqual([]);

    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: meetingEvent({ counselor_id: 'v6', unit_id: 't2', email: 'innbygger@example.no', language: 'nb' }),
    });
    expect(posted.statusCode).toBe(201);
    expect(await runDueWork(t.ctx)).toBe(1);

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.envelopeTo).toEqual(['innbygger@example.no']);
    const link = new RegExp(`${address}/s/[A-Za-z0-9_-]{43}`).exec(mail.text)?.[0];
    expect(link, mail.text).toBeTruthy();

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(link!);
    for (const s of NATIONAL_INSTRUMENT.statements) await page.check(`input[name="s_${s.id}"][value="6"]`);
    await page.check('input[name="overall"][value="6"]');
    await page.fill('textarea[name="comment"]', 'Veldig bra møte.');
    await Promise.all([page.waitForURL(/\/takk/), page.click('button[type="submit"]')]);
    await page.context().close();

    // The new answer moves nothing the counselor can see until its month is final: no one can read it off a change.
    expect((await counselorJson()).periods).toEqual([]);
    // 25 May: January–April are final, 2026-T1 has closed.
    t.setNow(new Date('2026-05-25T10:00:00Z'));
    const report = await counselorJson();
    expect(report.periods[0]).toMatchObject({ period: '2026-T1', answers: 5, enough_answers: true });
    // Four answers of 4 and one of 6 on every statement.
    expect(report.periods[0].statements[0].figure).toMatchObject({ suppressed: false, n: 5, mean: 4.4 });

    // The link is single use: opening it again shows the friendly "already answered" page.
    const again = await t.app.inject({ method: 'GET', url: new URL(link!).pathname });
    expect(again.statusCode).toBe(200);
    expect((await counselorJson()).periods[0].answers).toBe(5);
  });
});
