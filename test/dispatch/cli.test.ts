import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatOutbox } from '../../src/dispatch/cli.ts';
import { outboxTransport, readOutbox } from '../../src/dispatch/transports/outbox.ts';
import type { OutgoingMessage } from '../../src/dispatch/transports/types.ts';
import { testClock } from './fixtures.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/brukerstemme.js');

const message = (key: string, link: string): OutgoingMessage => ({
  idempotencyKey: key,
  kind: key.endsWith('reminder') ? 'reminder' : 'invite',
  channel: 'sms',
  to: '+4791234567',
  subject: 'Hvordan var møtet ditt med NAV?',
  text: `… ${link} …`,
  language: 'nb',
  surveyLink: link,
  optOutLink: `${link}-optout`,
});

// Each spawn is a whole process: quick from a current dist/, seconds through tsx on a busy machine.
describe('brukerstemme outbox', { timeout: 240_000 }, () => {
  it('lists the outbox newest first with survey links, as text and as JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bs-cli-'));
    try {
      const clock = testClock('2026-03-10T11:00:00Z');
      const outbox = outboxTransport(dir, clock.now);
      await outbox.send(message('m1-invite', 'http://localhost:3000/s/first'));
      clock.advance(60_000);
      await outbox.send(message('m2-invite', 'http://localhost:3000/s/second'));

      const env = { ...process.env, DATA_DIR: dir };
      const json = JSON.parse((await run(process.execPath, [bin, 'outbox', '--json'], { env })).stdout) as Array<{ surveyLink: string }>;
      expect(json.map((m) => m.surveyLink)).toEqual(['http://localhost:3000/s/second', 'http://localhost:3000/s/first']);

      const text = formatOutbox((await readOutbox(dir)).slice(0, 1), dir);
      expect(text).toContain('survey:  http://localhost:3000/s/second');
      expect(text).not.toContain('/s/first');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when the outbox is empty, and refuses a bad --limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bs-cli-'));
    try {
      const env = { ...process.env, DATA_DIR: dir };
      expect((await run(process.execPath, [bin, 'outbox'], { env })).stdout).toMatch(/is empty/);
      const failed = await run(process.execPath, [bin, 'outbox', '--limit', 'zero'], { env }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('--limit must be a whole number');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('formats each message with time, kind, channel, recipient, language and both links', () => {
    const text = formatOutbox([{ ...message('m1-reminder', 'L'), writtenAt: '2026-03-13T11:00:00.000Z' }], '/data');
    expect(text).toBe('2026-03-13 11:00:00  reminder  SMS to +4791234567  (nb)\n  survey:  L\n  opt-out: L-optout\n');
  });
});
