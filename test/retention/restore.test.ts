import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { endAllSessions } from '../../src/auth/session.ts';
import { loadConfig } from '../../src/core/config.ts';
import type { Database } from '../../src/db/database.ts';
import { hashToken } from '../../src/dispatch/tokens.ts';
import { ledgerFolder, openLedger } from '../../src/ledger/ledger.ts';
import { exportInstallation, importInstallation } from '../../src/moving/installation.ts';
import { createNote, deleteNote } from '../../src/reflection/store.ts';
import { closeFinishedInvitations } from '../../src/retention/invitations.ts';
import { applyDeletionLedger, bringForward, type LedgerApplication } from '../../src/retention/ledger.ts';
import { deleteExpiredRecords } from '../../src/retention/records.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';
import { freshDatabase, migratedPglite, usingPostgres } from '../support/db.ts';
import { insertResponses } from '../support/responses.ts';

const BEFORE = new Date('2026-03-10T10:00:00Z');
/** The night after: the backup. */
const BACKUP_AT = new Date('2026-03-11T01:00:00Z');
/** A month on: retention has moved, links have expired. */
const AFTER = new Date('2026-04-12T10:00:00Z');

const count = async (db: Database, query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0].n;

describe('a restore from last night’s backup, brought forward by the deletion ledger', () => {
  let t: TestApp;
  let scratch: string;
  let backup: string;
  let restored: Awaited<ReturnType<typeof openApp>>;
  let closeTarget: () => Promise<void>;
  let applied: LedgerApplication | undefined;
  const ids: { keptNote: number; deletedNote: number; lateNote: number; expiring: string; optedOut: string; optOutKey: string } = {
    keptNote: 0,
    deletedNote: 0,
    lateNote: 0,
    expiring: '',
    optedOut: '',
    optOutKey: '',
  };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'bs-restore-'));
    backup = join(scratch, 'backup.jsonl.gz');
    // A long delay keeps one invitation scheduled (not yet sent) over the backup.
    t = await testApp({ RESPONSE_RETENTION_MONTHS: 12, INVITE_DELAY_MINUTES: 60 * 24 * 10 }, BEFORE);
    const db = t.ctx.db;

    // Before the backup: answers of March 2025 (12 months back: still kept on 10 March 2026) and of this month.
    await insertResponses(db, [
      ...Array.from({ length: 6 }, () => ({ month: '2025-03-01', comment: 'gammel kommentar' })),
      ...Array.from({ length: 4 }, () => ({ month: '2026-03-01' })),
    ]);
    // A meeting whose invitation is out (sent, link open, contact kept for the reminder) …
    for (const label of ['expiring', 'optedOut'] as const) {
      const event = meetingEvent();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: { authorization: `Bearer ${t.apiKey}` },
        payload: event,
      });
      expect(res.statusCode).toBe(201);
      ids[label] = (
        await db.selectFrom('meeting').select('id').where('external_id', '=', String(event.external_id)).executeTakeFirstOrThrow()
      ).id;
    }
    await sql`update invitation set state = 'sent', sent_at = ${BEFORE}, reminder_at = ${new Date('2026-03-13T10:00:00Z')},
                    expires_at = ${new Date('2026-03-24T10:00:00Z')}, next_action_at = ${new Date('2026-03-13T10:00:00Z')}
               where meeting_id = ${ids.expiring}`.execute(db);
    // … and one still scheduled, whose person will opt out (through a link of an earlier message).
    const invitation = await db
      .selectFrom('invitation')
      .select(['contact_key', 'state'])
      .where('meeting_id', '=', ids.optedOut)
      .executeTakeFirstOrThrow();
    expect(invitation.state).toBe('scheduled');
    ids.optOutKey = invitation.contact_key!;
    await db
      .insertInto('opt_out_link')
      .values({ token_hash: hashToken('optout-token-aaaaaaaaaaaa'), contact_key: ids.optOutKey })
      .execute();
    // Private notes of a counselor; sessions of an employee.
    ids.keptNote = await createNote(t.ctx, 'v1', '2026-03', 'Det gikk bra i mars.');
    ids.deletedNote = await createNote(t.ctx, 'v1', '2026-03', 'Dette notatet slettes etter sikkerhetskopien.');
    await db
      .insertInto('employee_session')
      .values({ id_hash: 'a'.repeat(64), employee_id: 'v2', created_at: BEFORE, expires_at: new Date('2026-03-18T10:00:00Z') })
      .execute();

    // The nightly backup.
    t.setNow(BACKUP_AT);
    await exportInstallation(db, t.ctx.handle.kind, backup, BACKUP_AT);

    // After the backup: the citizen opts out (the server's route), a note is deleted, the employee is
    // logged out everywhere, an answer and a note arrive (these the restore loses); a month later the
    // links have expired (contact erased) and retention deletes March 2025.
    const optOut = await t.app.inject({ method: 'POST', url: '/optout/optout-token-aaaaaaaaaaaa', payload: {} });
    expect(optOut.statusCode).toBeLessThan(400);
    expect(await deleteNote(t.ctx, 'v1', ids.deletedNote)).toBe(true);
    await endAllSessions(db, 'v2', BACKUP_AT, t.ctx.ledger);
    await insertResponses(db, [{ month: '2026-03-01', comment: 'svar etter sikkerhetskopien' }]);
    ids.lateNote = await createNote(t.ctx, 'v1', '2026-03', 'Skrevet etter sikkerhetskopien.');
    t.setNow(AFTER);
    await closeFinishedInvitations(db, AFTER);
    await deleteExpiredRecords(db, AFTER, t.ctx.config, undefined, t.ctx.ledger);
    expect(await count(db, sql`select count(*)::int as n from response where month = '2025-03-01'`)).toBe(0);

    // Disaster: the database is lost. Restore the backup into a fresh, empty one (as `import
    // installation` does), then start on it (openApp: the start path of `start` and `serve`), with
    // the ledger where it was.
    const config = (overrides: Record<string, unknown>) =>
      loadConfig({}, { LOG_LEVEL: 'silent', RESPONSE_RETENTION_MONTHS: 12, DELETION_LEDGER: ledgerFolder(t.ctx.config), ...overrides });
    if (usingPostgres) {
      const target = await freshDatabase();
      await importInstallation(target.db, backup);
      restored = await openApp(config({ DATABASE_URL: target.url, DATA_DIR: scratch }), {
        now: () => AFTER,
        onLedger: (r) => (applied = r),
      });
      closeTarget = target.close;
    } else {
      const target = await migratedPglite(join(scratch, 'pglite'));
      await importInstallation(target.db, backup);
      await target.close();
      restored = await openApp(config({ DATA_DIR: scratch }), { now: () => AFTER, onLedger: (r) => (applied = r) });
      closeTarget = async () => {};
    }
  });

  afterAll(async () => {
    await restored?.handle.close();
    await closeTarget?.();
    await t?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('wrote only opaque identifiers and cutoffs to the ledger, outside the database', () => {
    const folder = ledgerFolder(t.ctx.config);
    const text = readdirSync(folder)
      .map((f) => readFileSync(join(folder, f), 'utf8'))
      .join('');
    const kinds = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).kind);
    expect(kinds).toEqual(['opt_out', 'note_deleted', 'sessions_ended', 'retention']);
    expect(text).not.toMatch(/@example\.no|gammel|notatet|kommentar/);
    expect(text).toContain(ids.optOutKey);
    expect(applied?.applied).toBe(4);
  });

  it('answers retention deleted after the backup stay deleted', async () => {
    expect(await count(restored.db, sql`select count(*)::int as n from response where month = '2025-03-01'`)).toBe(0);
    // The backup's answers of March 2026 are back; the one given after the backup is lost.
    expect(await count(restored.db, sql`select count(*)::int as n from response where month = '2026-03-01'`)).toBe(4);
  });

  it('the opt-out made after the backup holds, and the person’s scheduled invitation is cancelled with its contact erased', async () => {
    expect(await count(restored.db, sql`select count(*)::int as n from opt_out where contact_key = ${ids.optOutKey}`)).toBe(1);
    const row = await restored.db
      .selectFrom('invitation')
      .select(['state', 'contact_email', 'contact_phone'])
      .where('meeting_id', '=', ids.optedOut)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'cancelled', contact_email: null, contact_phone: null });
  });

  it('the private note deleted after the backup stays deleted; the kept one is there; the one written after the backup is lost', async () => {
    const notes = (
      await restored.db.selectFrom('reflection_note').select('id').where('employee_id', '=', 'v1').orderBy('id').execute()
    ).map((n) => Number(n.id));
    expect(notes).toEqual([ids.keptNote]);
    expect(notes).not.toContain(ids.lateNote);
  });

  it('contact data erased after the backup (the link expired) is erased again before anything serves', async () => {
    const row = await restored.db
      .selectFrom('invitation')
      .select(['state', 'contact_email', 'contact_keys'])
      .where('meeting_id', '=', ids.expiring)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'closed', contact_email: null, contact_keys: null });
    expect(
      await count(restored.db, sql`select count(*)::int as n from invitation where contact_email is not null or contact_phone is not null`),
    ).toBe(0);
  });

  it('sessions ended after the backup stay ended (a pg_dump would bring them back; the export leaves them out)', async () => {
    expect(await count(restored.db, sql`select count(*)::int as n from employee_session where revoked_at is null`)).toBe(0);
  });

  it('moves the marker to the end of the ledger: a second start applies nothing', async () => {
    const again = await applyDeletionLedger(restored.db, ledgerFolder(t.ctx.config));
    expect(again.applied).toBe(0);
  });
});

describe('the ledger when things go wrong', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({}, BEFORE);
  });
  afterAll(async () => t?.close());

  it('a crash between the ledger write and the delete: the next start deletes it', async () => {
    const note = await createNote(t.ctx, 'v3', '2026-03', 'Slettes, men prosessen dør før det.');
    // The intent is on disk; the process dies before the delete commits.
    await t.ctx.ledger!.record({ kind: 'note_deleted', employee: 'v3', note }, t.ctx.now());
    expect(await t.ctx.db.selectFrom('reflection_note').select('id').where('id', '=', note).executeTakeFirst()).toBeDefined();
    const result = await bringForward(t.ctx.db, ledgerFolder(t.ctx.config), t.ctx.now());
    expect(result.byKind.note_deleted).toBe(1);
    expect(await t.ctx.db.selectFrom('reflection_note').select('id').where('id', '=', note).executeTakeFirst()).toBeUndefined();
  });

  it('a corrupt line: a clear error naming the file and line, and nothing applied', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bs-ledger-'));
    try {
      const note = await createNote(t.ctx, 'v4', '2026-03', 'Skal ikke slettes av en halv hovedbok.');
      const at = t.ctx.now().toISOString();
      writeFileSync(join(folder, 'corrupt-a.jsonl'), JSON.stringify({ v: 1, at, kind: 'note_deleted', employee: 'v4', note }) + '\n');
      writeFileSync(
        join(folder, 'corrupt-b.jsonl'),
        JSON.stringify({ v: 1, at, kind: 'sessions_ended', employee: 'v4' }) +
          '\n{"v":1,"at":"' +
          at +
          '","kind":"note_deleted","employee":"v4"}\n',
      );
      await expect(applyDeletionLedger(t.ctx.db, folder)).rejects.toThrow(
        `deletion ledger ${folder}/corrupt-b.jsonl line 2: not a ledger entry (note: `,
      );
      writeFileSync(join(folder, 'corrupt-b.jsonl'), 'nonsense\n');
      await expect(applyDeletionLedger(t.ctx.db, folder)).rejects.toThrow(/corrupt-b\.jsonl line 1: not JSON/);
      expect(await t.ctx.db.selectFrom('reflection_note').select('id').where('id', '=', note).executeTakeFirst()).toBeDefined();
      expect(await t.ctx.db.selectFrom('deletion_ledger_applied').select('file').where('file', 'like', 'corrupt-%').execute()).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('an unfinished last line (a write cut short) is ignored, and a ledger shorter than the database’s marker is refused', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bs-ledger-'));
    try {
      mkdirSync(folder, { recursive: true });
      const file = join(folder, 'torn-c.jsonl');
      const at = t.ctx.now().toISOString();
      const line = JSON.stringify({ v: 1, at, kind: 'api_key_revoked', key: 'no-such-key' }) + '\n';
      writeFileSync(file, line + line + '{"v":1,"at":"' + at);
      const first = await applyDeletionLedger(t.ctx.db, folder);
      expect(first).toMatchObject({ applied: 2, torn: ['torn-c.jsonl'] });
      writeFileSync(file, line);
      await expect(applyDeletionLedger(t.ctx.db, folder)).rejects.toThrow(/has 1 lines, but this database has applied 2 of them/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a restore that brings sessions back (a pg_dump holds employee_session): sessions ended since stay ended', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bs-ledger-'));
    try {
      const open = { employee_id: 'v5', created_at: BEFORE, expires_at: new Date('2026-03-18T10:00:00Z') };
      await t.ctx.db
        .insertInto('employee_session')
        .values([
          { ...open, id_hash: 'b'.repeat(64) },
          { ...open, id_hash: 'c'.repeat(64) },
          { ...open, id_hash: 'd'.repeat(64), employee_id: 'v6' },
        ])
        .execute();
      const later = new Date(BEFORE.getTime() + 60_000).toISOString();
      writeFileSync(
        join(folder, 'sessions.jsonl'),
        [
          { v: 1, at: later, kind: 'sessions_ended', employee: 'v5' },
          { v: 1, at: later, kind: 'session_ended', session: 'd'.repeat(64) },
        ]
          .map((e) => JSON.stringify(e) + '\n')
          .join(''),
      );
      expect((await applyDeletionLedger(t.ctx.db, folder)).applied).toBe(2);
      const live = await t.ctx.db
        .selectFrom('employee_session')
        .select('id_hash')
        .where('employee_id', 'in', ['v5', 'v6'])
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes one line per entry and refuses an entry it could not read back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bs-ledger-'));
    try {
      const ledger = openLedger(folder);
      await Promise.all([1, 2, 3].map((note) => ledger.record({ kind: 'note_deleted', employee: 'v1', note }, BEFORE)));
      const [name] = readdirSync(folder);
      expect(
        readFileSync(join(folder, name), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).note),
      ).toEqual([1, 2, 3]);
      await expect(ledger.record({ kind: 'note_deleted', employee: 'v1', note: -1 }, BEFORE)).rejects.toThrow(
        /refusing to write an invalid entry/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
