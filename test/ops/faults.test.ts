import { describe, expect, it } from 'vitest';
import { postgresBinaries, runFaultScenario } from '../support/cluster.ts';

/**
 * Several nodes, proven (issue #16), the reduced run: two web and two worker processes on a private
 * PostgreSQL cluster, 1,200 meetings streamed in through the intake API over about 16 seconds while
 * processes are SIGKILLed and restarted, PostgreSQL restarts, the SMTP relay goes down and the SMS
 * gateway fails and times out (test/support/cluster.ts; `npm run bench -- faults` is the full run).
 * Needs the PostgreSQL binaries only (initdb, pg_ctl), not TEST_DATABASE_URL, so it runs in the
 * PGlite pass alone (vitest.config.ts, DIALECT_FREE).
 */
describe.skipIf(!postgresBinaries())('several nodes under faults', () => {
  it('loses and doubles no invitation and no answer, and the report snapshot converges', { timeout: 180_000 }, async () => {
    const counts = await runFaultScenario({
      meetings: 1200,
      intakeBatch: 150,
      intakePerSecond: 75,
      faultMs: 15_000,
      faultGapMs: [700, 1800],
      reminderAfterSeconds: 10,
      drainTimeoutMs: 90_000,
      log: process.env.FAULTS_LOG === '1' ? (line) => console.log(line) : undefined,
    });

    // The faults happened, so the figures below could have come out wrong.
    expect(counts.webKills).toBeGreaterThan(0);
    expect(counts.workerKills).toBeGreaterThan(0);
    expect(counts.pgRestarts).toBeGreaterThan(0);
    expect(counts.smtpOutages).toBeGreaterThan(0);
    expect(counts.smsOutages).toBeGreaterThan(0);
    expect(counts.retried).toBeGreaterThan(0); // deliveries refused or timed out, and sent again

    expect(counts.drained).toBe(true);
    // Every eligible meeting got exactly one invitation (SMTP copies of the same message in the
    // crash window are the one thing allowed, and counted apart), and at most one reminder.
    expect(counts.invitationsSent).toBe(counts.eligible);
    expect(counts.invitationsLost).toBe(0);
    expect(counts.invitationsDoubled).toBe(0);
    expect(counts.remindersDoubled).toBe(0);
    expect(counts.remindersSent).toBeGreaterThan(0);
    // No acknowledged answer lost, none stored twice, and the double submissions were refused.
    expect(counts.answersAcknowledged).toBeGreaterThan(0);
    expect(counts.answersLost).toBe(0);
    expect(counts.answersDoubled).toBe(0);
    expect(counts.responses).toBe(counts.answersAcknowledged + counts.answersUnacknowledged);
    expect(counts.secondSubmissions).toBeGreaterThan(0);
    // The snapshot the last worker refreshed equals a recomputation, and counts every answer.
    expect(counts.snapshotMismatches).toBe(0);
    expect(counts.snapshotAnswers).toBe(counts.snapshotResponses);
    expect(counts.snapshotResponses).toBe(counts.responses);
  });
});
