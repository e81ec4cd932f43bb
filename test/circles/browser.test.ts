import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { sendCircleInvites } from '../../src/circles/invites.ts';
import { smtpTransport } from '../../src/dispatch/transports/smtp.ts';
import { parseCalendar } from './ics.ts';
import { startSmtpServer } from '../dispatch/fakes.ts';

/**
 * Headless Chromium, JavaScript off: a counselor creates a kollegaveiledning group, plans a session (whose calendar
 * invitation each member then receives over real SMTP, and ical.js reads) and asks a colleague for a talk; a member
 * writes the session's notes; axe and 360 px on every page.
 */
describe('kollegaveiledning in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();

  beforeAll(async () => {
    t = await testApp();
    for (const id of ['v1', 'v2', 'v3', 'v4'])
      await t.ctx.db
        .updateTable('employee')
        .set({ email: `${id}@nav.example` })
        .where('id', '=', id)
        .execute();
    browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a counselor creates a group and plans a session, with the scrubber’s warning on the way, and the members get the calendar by e-mail; every page passes axe at 1280 and 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, 'v1');
    await page.goto('/groups?lang=en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Peer supervision');

    // Too few first: the error names the field.
    await page.getByLabel('Name of the group', { exact: true }).fill('Gruppe Øst');
    await page.getByRole('checkbox', { name: 'Ola Hansen' }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Create group' }));
    expect(await page.getByText('a group has 3 to 8 members, you included (you chose 2)').count()).toBe(1);

    await page.goto('/groups?lang=en');
    await page.getByLabel('Name of the group', { exact: true }).fill('Gruppe Øst');
    for (const name of ['Ola Hansen', 'Ingrid Berg', 'Per Olsen']) await page.getByRole('checkbox', { name }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Create group' }));
    expect(page.url()).toMatch(/\/groups\/\d+\?lang=en$/);
    const groupPath = new URL(page.url()).pathname;

    await page.getByLabel('Date (yyyy-mm-dd)', { exact: true }).fill('2026-03-19');
    await page.getByLabel('Starts (hh:mm)', { exact: true }).fill('09:00');
    await page.getByLabel('Ends (hh:mm)', { exact: true }).fill('10:30');
    await page.getByLabel('Place', { exact: true }).fill('Møterom 2');
    await page.getByLabel('Facilitator', { exact: true }).selectOption({ label: 'Ingrid Berg' });
    await page.getByLabel('Theme', { exact: true }).fill('Brukeren med fnr 123 45 678 ringte');
    await page.getByRole('radio', { name: 'A dilemma from a case' }).check();
    await page.getByRole('checkbox', { name: 'Sickness benefit' }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Plan the session' }));
    expect(await page.getByText('The theme may hold details about a person').count()).toBe(1);
    await page.getByLabel('Theme', { exact: true }).fill('Når brukeren ikke møter');
    await clickAndLoad(page, page.getByRole('button', { name: 'Plan with the edited theme' }));
    expect(page.url()).toMatch(new RegExp(`${groupPath}\\?lang=en$`));
    expect(await page.getByText('Når brukeren ikke møter').count()).toBe(1);
    expect(await page.getByText('Facilitator: Ingrid Berg').count()).toBe(1);
    expect(await page.getByText('The case owner responds').count()).toBe(1);

    // The worker sends each member the invitation over SMTP, as a calendar a calendar program reads.
    const smtp = await startSmtpServer();
    const email = smtpTransport({ url: smtp.url, from: 'Brukerstemme <ikke-svar@nav.example>', timeoutMs: 5000 });
    try {
      expect(await sendCircleInvites(t.ctx, { email, sms: email })).toBe(4);
      expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
        'v1@nav.example',
        'v2@nav.example',
        'v3@nav.example',
        'v4@nav.example',
      ]);
      for (const mail of smtp.received) {
        const calendar = parseCalendar(mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content);
        expect(calendar.method).toBe('REQUEST');
        expect(calendar.events[0].SUMMARY).toContain('Når brukeren ikke møter');
        expect(calendar.events[0].DTSTART).toBe('20260319T080000Z'); // 09:00 in Oslo
        expect(calendar.events[0].LOCATION).toBe('Møterom 2');
      }
    } finally {
      await email.close?.();
      await smtp.close();
    }

    // Drøft en sak: the topic is scrubbed first too; the colleague finds the request on their own page.
    await page.goto('/groups?lang=en');
    await page.getByLabel('Whom would you like to discuss with?', { exact: true }).selectOption({ label: 'Ola Hansen' });
    await page.getByLabel('Short topic', { exact: true }).fill('Saken til Per Olsen');
    await clickAndLoad(page, page.getByRole('button', { name: 'Send the request' }));
    expect(await page.getByText('The topic may hold details about a person').count()).toBe(1);
    await page.getByLabel('Short topic', { exact: true }).fill('Klage på vedtak');
    await clickAndLoad(page, page.getByRole('button', { name: 'Send with the edited topic' }));
    expect(await page.getByText('To Ola Hansen: Klage på vedtak').count()).toBe(1);
    await context.close();

    // The session has begun: a member writes the group's notes on its page.
    t.setNow(new Date('2026-03-19T08:30:00Z'));
    const sessionId = Number((await t.ctx.db.selectFrom('circle_session').select('id').executeTakeFirstOrThrow()).id);
    const sessionPath = `${groupPath}/sessions/${sessionId}`;
    const member = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false, bypassCSP: true });
    const notes = await member.newPage();
    await signInAs(notes, 'v3');
    await notes.goto('/me?lang=en');
    expect(await notes.getByText('Your coming sessions').count()).toBeGreaterThan(0);
    await notes.goto(`${groupPath}?lang=en`);
    await clickAndLoad(notes, notes.getByRole('link', { name: /^Notes of the session on/ }));
    await notes.getByLabel('Notes', { exact: true }).fill('Vi øvde på å forklare avslag.');
    await clickAndLoad(notes, notes.getByRole('button', { name: 'Save the notes' }));
    expect(await notes.getByText(/^Last changed .* by Ingrid Berg\.$/).count()).toBe(1);
    expect(await notes.locator('p', { hasText: 'Vi øvde på å forklare avslag.' }).count()).toBe(1);
    await member.close();

    const problems: string[] = [];
    for (const width of [1280, 360]) {
      const view = await browser.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
      let reader: string | undefined;
      for (const target of [
        { who: 'v1', path: '/groups?lang=nb' },
        { who: 'v1', path: `${groupPath}?lang=nn` },
        { who: 'v1', path: `${groupPath}?lang=en` },
        { who: 'v1', path: `${sessionPath}?lang=nb` },
        { who: 'v1', path: `${sessionPath}?lang=en` },
        { who: 'v1', path: '/me?lang=nn' },
        { who: 'v2', path: '/me?lang=en' },
        { who: 'v2', path: '/groups?lang=nb' },
        { who: 'v5', path: '/groups?lang=en' },
        { who: 'l1', path: '/groups?lang=nb' },
        { who: 'v5', path: `${groupPath}?lang=nb`, status: 404 },
        { who: 'l1', path: `${sessionPath}?lang=nb`, status: 404 },
      ]) {
        if (target.who !== reader) {
          await view.context().clearCookies();
          await signInAs(view, target.who);
          reader = target.who;
        }
        const response = await view.goto(target.path);
        if (response!.status() !== (target.status ?? 200)) problems.push(`${target.who} ${target.path}: status ${response!.status()}`);
        for (const v of await axeViolations(view)) problems.push(`${width} ${target.who} ${target.path}: ${v}`);
        const overflow = await view.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${width} ${target.who} ${target.path}: ${overflow} px horizontal overflow`);
      }
      await view.context().close();
    }
    expect(problems).toEqual([]);
  });
});
