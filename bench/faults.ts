import type { BenchRow } from './rows.ts';
import { runFaultScenario } from '../test/support/cluster.ts';

/**
 * Several nodes under faults, the full run (issue #16; test/ops/faults.test.ts is the reduced one):
 * FAULTS_MEETINGS meetings (100,000 by default) streamed through the intake API at
 * FAULTS_INTAKE_PER_SECOND into two web and two worker processes on a private PostgreSQL cluster,
 * with a stream of answers, while a fault schedule SIGKILLs processes, restarts PostgreSQL, takes the
 * SMTP relay down and makes the SMS gateway fail and time out, for as long as the intake runs
 * (test/support/cluster.ts). Needs the PostgreSQL binaries (initdb, pg_ctl) and a built dist/.
 */
export async function run(): Promise<BenchRow[]> {
  const meetings = Number(process.env.FAULTS_MEETINGS ?? 100_000);
  const perSecond = Number(process.env.FAULTS_INTAKE_PER_SECOND ?? 150);
  const c = await runFaultScenario({
    meetings,
    intakeBatch: 250,
    intakePerSecond: perSecond,
    faultMs: 30_000,
    faultGapMs: [3000, 8000],
    reminderAfterSeconds: 60,
    drainTimeoutMs: 20 * 60_000,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const size = `${meetings} meetings at ${perSecond}/s, ${c.eligible} eligible, ${c.answersAcknowledged} answers`;
  const faults = `${c.webKills + c.workerKills} SIGKILLs, ${c.pgRestarts} PostgreSQL restarts, ${c.smtpOutages} SMTP outages, ${c.smsOutages} SMS gateway outages`;
  const row = (name: string, value: number, unit: string, better: 'higher' | 'lower', note: string, target?: number): BenchRow => ({
    name,
    value,
    unit,
    ...(target === undefined ? {} : { target }),
    better,
    note,
  });
  return [
    row(
      'faults_invitations_lost',
      c.invitationsLost,
      'meetings',
      'lower',
      `eligible meetings without their invitation; ${size}; ${faults}`,
      0,
    ),
    row(
      'faults_invitations_doubled',
      c.invitationsDoubled,
      'meetings',
      'lower',
      'meetings invited under two keys, sent two SMS, or invited though not eligible (SMTP copies of one message are faults_invitations_redelivered)',
      0,
    ),
    row(
      'faults_answers_lost',
      c.answersLost,
      'answers',
      'lower',
      `answers acknowledged to the phone but not stored, of ${c.answersAcknowledged}`,
      0,
    ),
    row(
      'faults_answers_doubled',
      c.answersDoubled,
      'answers',
      'lower',
      `answers stored twice (${c.secondSubmissions} deliberate second submissions)`,
      0,
    ),
    row(
      'faults_snapshot_mismatches',
      c.snapshotMismatches,
      'cells',
      'lower',
      'report cells differing from a recomputation once the month is final',
      0,
    ),
    row(
      'faults_invitations_sent',
      c.invitationsSent,
      'meetings',
      'higher',
      `eligible meetings invited, of ${c.eligible}; ${c.remindersSent} reminders`,
    ),
    row(
      'faults_invitations_redelivered',
      c.invitationsRedelivered + c.remindersRedelivered,
      'messages',
      'lower',
      'same message again through SMTP (same Message-ID): a crash between the relay accepting it and marking it sent; the SMS gateway dropped its repeats by Idempotency-Key',
    ),
    row(
      'faults_retried',
      c.retried,
      'attempts',
      'lower',
      `deliveries refused or timed out and sent again: ${c.smtpRefused} SMTP connections reset, ${c.sms5xx} SMS 5xx, ${c.smsTimedOut} SMS timeouts; ${c.smsDeduplicated} SMS repeats deduplicated; ${c.intakeRetries} intake and ${c.answerRetries} answer requests retried`,
    ),
    row(
      'faults_kills',
      c.webKills + c.workerKills,
      'SIGKILLs',
      'higher',
      `${c.webKills} web, ${c.workerKills} worker; ${c.pgRestarts} PostgreSQL restarts; ${c.unexpectedExits} processes that ended unasked and were restarted (likely starts while PostgreSQL was down; not verified)`,
    ),
    row(
      'faults_duration',
      Math.round(c.durationMs / 1000),
      's',
      'lower',
      `whole run incl. start, ${Math.round(c.drainMs / 1000)} s draining after the faults stopped (drained: ${c.drained})`,
    ),
  ];
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const row of await run()) console.log(`${row.name}\t${row.value} ${row.unit}`);
}
