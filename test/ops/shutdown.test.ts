import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../src/dispatch/worker.ts';
import { recordingTransports } from '../dispatch/fakes.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';

/**
 * Graceful shutdown of the worker role (issue 16): stopping while a batch is being sent waits for
 * that batch, so every claimed invitation is delivered and its lease released, and nothing new is
 * claimed. (SIGTERM on the whole process, web included, is in test/ops/image.test.ts.)
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ WORKER_POLL_MS: 10 });
});
afterAll(() => t.close());

describe('stopping the worker', () => {
  it('finishes the batch in flight and releases its leases', async () => {
    for (let i = 0; i < 3; i++) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: { authorization: `Bearer ${t.apiKey}` },
        payload: meetingEvent(),
      });
      expect(created.statusCode).toBe(201);
    }
    t.setNow(new Date('2026-03-10T10:10:00Z'));
    const fake = recordingTransports();
    fake.slowDown(400);
    const worker = startWorker(t.ctx, { transports: fake.transports });
    const states = () => t.ctx.db.selectFrom('invitation').select(['state', 'lease_until']).execute();
    // Claimed (leased) and not yet sent: the batch is in flight.
    for (let i = 0; i < 500 && !(await states()).some((s) => s.state === 'sending'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake.sent).toHaveLength(0);
    await worker.stop();
    expect(fake.sent).toHaveLength(3);
    const after = await states();
    expect(after.map((s) => s.state)).toEqual(['sent', 'sent', 'sent']);
    expect(after.every((s) => s.lease_until === null)).toBe(true);
  });
});
