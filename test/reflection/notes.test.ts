import { idnr } from '@navikt/fnrvalidator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../../src/app.ts';
import { loadConfig } from '../../src/core/config.ts';
import { applyOrg } from '../../src/org/service.ts';
import { decryptNote, encryptNote, newDataKey, unwrapDataKey } from '../../src/reflection/crypto.ts';
import { findIdentifying, notePeriod } from '../../src/reflection/notes.ts';
import { deleteNotesOfDeparted, notesOf } from '../../src/reflection/store.ts';
import { NameMatcher } from '../../src/validation/scrub.ts';
import { sessionOf } from '../admin/actors.ts';
import { SMALL_ORG, testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';
import { validFnr } from './fnr.ts';

const FNR = validFnr();
const SECRET_KEY = 's'.repeat(48);

describe('the private notes core', () => {
  it('uses a valid test fødselsnummer', () => {
    expect(idnr(FNR).status).toBe('valid');
  });

  it('seals a note under the owner’s data key, which opens only under the wrapping key and for its owner', () => {
    const wrapping = Buffer.alloc(32, 7);
    const { dataKey, wrapped } = newDataKey(wrapping, 'v1');
    expect(unwrapDataKey(wrapping, 'v1', wrapped)).toEqual(dataKey);
    expect(() => unwrapDataKey(Buffer.alloc(32, 8), 'v1', wrapped)).toThrow();
    expect(() => unwrapDataKey(wrapping, 'v2', wrapped)).toThrow();
    const sealed = encryptNote(dataKey, 'v1', 'Jeg vil forberede meg bedre.');
    expect(sealed.toString('utf8')).not.toContain('forberede');
    expect(decryptNote(dataKey, 'v1', sealed)).toBe('Jeg vil forberede meg bedre.');
    expect(() => decryptNote(dataKey, 'v2', sealed)).toThrow();
  });

  it('names what the comment scrubber finds: fødselsnummer, phone, name', () => {
    const names = new NameMatcher(['Ola Hansen']);
    expect(findIdentifying('Bra møte, lyttet mer enn før.', names)).toEqual([]);
    expect(findIdentifying(`Brukeren (${FNR}) var sint.`, names)).toEqual(['idNumber']);
    expect(findIdentifying('Ring 912 34 567 i morgen.', names)).toEqual(['phone']);
    expect(findIdentifying('Snakket med Ola Hansen om saken.', names)).toEqual(['name']);
  });

  it('ties a note to a fixed period that has begun and is still kept', () => {
    expect(notePeriod('2026-T1', '2026-03-01', 36)?.key).toBe('2026-T1');
    expect(notePeriod('2026-03', '2026-03-01', 36)?.key).toBe('2026-03');
    expect(notePeriod('2026-04', '2026-03-01', 36)).toBeNull();
    expect(notePeriod('2020', '2026-03-01', 36)).toBeNull();
    expect(notePeriod('2026-01-01', '2026-03-01', 36)).toBeNull();
  });
});

describe('/me/notes', () => {
  let t: TestApp;
  let v1: Record<string, string>;
  let v2: Record<string, string>;

  beforeAll(async () => {
    t = await testApp({ SECRET_KEY });
    v1 = await sessionOf(t, 'v1');
    v2 = await sessionOf(t, 'v2');
    // November 2025: 2025-T3 has closed by the test clock (10 March 2026), so /me shows the period.
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 6 }, (_, i) => ({ counselor_id: 'v1', month: '2025-11-01', overall: 2 + (i % 5) })),
    );
  });
  afterAll(async () => t?.close());

  const post = (cookies: Record<string, string>, url: string, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, cookies, payload });
  const get = (cookies: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, cookies });
  const rows = () => t.ctx.db.selectFrom('reflection_note').selectAll().execute();

  it('links each period on /me to its notes, for a counselor', async () => {
    const me = await get(v1, '/me?lang=nb&period=tertial');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('/me/notes?lang=nb&amp;period=2025-T3#new-note');
    expect(me.body).toContain('Notater for denne perioden');
    const notes = await get(v1, '/me/notes?period=2025-T3&lang=nb');
    expect(notes.statusCode).toBe(200);
    expect(notes.body).toMatch(/<h1[^>]*>Mine notater<\/h1>/);
    expect(notes.body).toMatch(/<option value="2025-T3" selected="">/);
  });

  it('saves a note as ciphertext only: the raw table and the database’s secrets hold no text', async () => {
    const text = 'Jeg avbryter for tidlig. Prøv å la brukeren snakke ferdig.';
    const saved = await post(v1, '/me/notes?lang=en', { period: '2025-T3', text });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/me/notes?lang=en#notes');
    const list = await get(v1, '/me/notes?lang=en');
    expect(list.body).toContain(text);
    expect(list.body).toContain('Period 2025-T3');

    const [row] = await rows();
    expect(row.employee_id).toBe('v1');
    expect(row.period).toBe('2025-T3');
    const raw = Buffer.from(row.ciphertext);
    expect(raw.includes(Buffer.from('brukeren'))).toBe(false);
    expect(raw.length).toBe(12 + Buffer.byteLength(text) + 16);
    // The whole database as text: no note, and no key from which one could be opened.
    const dump = JSON.stringify(
      await Promise.all(
        ['reflection_note', 'reflection_key', 'app_secret', 'audit_log'].map((table) =>
          t.ctx.db
            .selectFrom(table as 'app_secret')
            .selectAll()
            .execute(),
        ),
      ),
    );
    expect(dump).not.toContain('brukeren');
    expect((await t.ctx.db.selectFrom('app_secret').select('name').execute()).map((r) => r.name)).not.toContain('reflection_note_key');
  });

  it('cannot be read from a copy of the database without SECRET_KEY', async () => {
    const other = await contextFor(t.ctx.handle, loadConfig({}, { LOG_LEVEL: 'silent', DATA_DIR: t.dataDir, SECRET_KEY: 'x'.repeat(48) }));
    await expect(notesOf(other, 'v1')).rejects.toThrow();
    expect((await notesOf(t.ctx, 'v1')).length).toBe(1);
  });

  it('warns before saving a fødselsnummer, a name or a phone number, and saves only when asked to', async () => {
    const before = (await rows()).length;
    const text = `Brukeren med fnr ${FNR} ringte Ola Hansen på 912 34 567.`;
    const warned = await post(v1, '/me/notes?lang=en', { period: '2026-03', text });
    expect(warned.statusCode).toBe(200);
    expect(warned.body).toContain('The text may point to a person');
    expect(warned.body).toContain('a national identity number');
    expect(warned.body).toContain('a phone number');
    expect(warned.body).toContain('a name we know');
    expect(warned.body).toContain(FNR); // shown back to its writer, to edit
    expect(warned.body).toContain('Save anyway');
    expect((await rows()).length).toBe(before);

    const anyway = await post(v1, '/me/notes?lang=en', { period: '2026-03', text, confirm: 'anyway' });
    expect(anyway.statusCode).toBe(303);
    expect((await rows()).length).toBe(before + 1);
  });

  it('refuses an empty note and a period not begun, naming the field, and keeps what was typed', async () => {
    const empty = await post(v1, '/me/notes?lang=en', { period: '2026-T1', text: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Note: ');
    const future = await post(v1, '/me/notes?lang=en', { period: '2027-T1', text: 'Å huske' });
    expect(future.statusCode).toBe(422);
    expect(future.body).toContain('Period: choose a period that has begun');
    expect(future.body).toContain('Å huske');
    const json = await t.app.inject({
      method: 'POST',
      url: '/me/notes',
      cookies: v1,
      payload: { period: '2026-T1', text: 'x'.repeat(5001) },
    });
    expect(json.statusCode).toBe(422);
  });

  it('edits and deletes the owner’s note; a colleague gets 404 for it by every route', async () => {
    const create = await post(v1, '/me/notes?lang=nb', { period: '2026-T1', text: 'Første utkast' });
    expect(create.statusCode).toBe(303);
    const id = Number((await t.ctx.db.selectFrom('reflection_note').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);

    for (const url of [`/me/notes/${id}/edit`, `/me/notes/${id}/delete`]) expect((await get(v2, url)).statusCode).toBe(404);
    expect((await post(v2, `/me/notes/${id}`, { text: 'Overskrevet' })).statusCode).toBe(404);
    expect((await post(v2, `/me/notes/${id}/delete`, {})).statusCode).toBe(404);
    expect((await get(v2, '/me/notes')).body).not.toContain('Første utkast');

    const edit = await get(v1, `/me/notes/${id}/edit?lang=nb`);
    expect(edit.body).toContain('Første utkast');
    const warned = await post(v1, `/me/notes/${id}?lang=nb`, { text: `Andre utkast ${FNR}` });
    expect(warned.body).toContain('Teksten kan peke ut en person');
    expect((await get(v1, '/me/notes?lang=nb')).body).toContain('Første utkast');
    expect((await post(v1, `/me/notes/${id}?lang=nb`, { text: 'Andre utkast' })).statusCode).toBe(303);
    const list = (await get(v1, '/me/notes?lang=nb')).body;
    expect(list).toContain('Andre utkast');
    expect(list).not.toContain('Første utkast');

    const confirm = await get(v1, `/me/notes/${id}/delete?lang=nb`);
    expect(confirm.body).toContain('Ja, slett notatet');
    expect((await post(v1, `/me/notes/${id}/delete?lang=nb`, {})).statusCode).toBe(303);
    expect((await t.ctx.db.selectFrom('reflection_note').select('id').where('id', '=', id).execute()).length).toBe(0);
    expect((await get(v1, `/me/notes/${id}/edit`)).statusCode).toBe(404);
  });

  it('is for counselors: a leader is refused', async () => {
    const leader = await sessionOf(t, 'l1');
    expect((await get(leader, '/me/notes')).statusCode).toBe(403);
    expect((await post(leader, '/me/notes', { period: '2026-T1', text: 'x' })).statusCode).toBe(403);
  });

  it('deletes all of the owner’s notes and their key (crypto-shredding), and nobody else’s', async () => {
    await post(v2, '/me/notes', { period: '2026-T1', text: 'Kollegaens notat' });
    const copy = await rows();
    expect(copy.filter((r) => r.employee_id === 'v1').length).toBeGreaterThan(0);
    const confirm = await get(v1, '/me/notes/delete-all?lang=en');
    expect(confirm.body).toContain('Yes, delete all notes');
    expect((await post(v1, '/me/notes/delete-all?lang=en', {})).statusCode).toBe(303);
    expect((await rows()).filter((r) => r.employee_id === 'v1')).toEqual([]);
    expect(await t.ctx.db.selectFrom('reflection_key').select('employee_id').where('employee_id', '=', 'v1').execute()).toEqual([]);
    expect((await notesOf(t.ctx, 'v2')).map((n) => n.text)).toEqual(['Kollegaens notat']);
    // A new note after shredding gets a new key; the old ciphertext (a backup) opens under neither.
    await post(v1, '/me/notes', { period: '2026-T1', text: 'Ny start' });
    const [fresh] = await t.ctx.db.selectFrom('reflection_note').selectAll().where('employee_id', '=', 'v1').execute();
    await t.ctx.db
      .updateTable('reflection_note')
      .set({ ciphertext: copy.find((r) => r.employee_id === 'v1')!.ciphertext })
      .where('id', '=', fresh.id)
      .execute();
    await expect(notesOf(t.ctx, 'v1')).rejects.toThrow();
    await t.ctx.db.deleteFrom('reflection_note').where('id', '=', fresh.id).execute();
  });

  it('retention: a departed employee’s notes and key go once inactive for RESPONSE_RETENTION_MONTHS', async () => {
    await post(v1, '/me/notes', { period: '2026-T1', text: 'Blir værende' });
    await applyOrg(
      t.ctx.db,
      { units: [], employees: [{ ...SMALL_ORG.employees.find((e) => e.id === 'v2')!, active: false }] },
      t.ctx.now(),
    );
    expect(await deleteNotesOfDeparted(t.ctx)).toEqual({ employees: 0 });
    t.setNow(new Date('2029-05-10T10:00:00Z'));
    expect(await deleteNotesOfDeparted(t.ctx)).toEqual({ employees: 1 });
    expect(await t.ctx.db.selectFrom('reflection_key').select('employee_id').where('employee_id', '=', 'v2').execute()).toEqual([]);
    expect((await notesOf(t.ctx, 'v1')).map((n) => n.text)).toEqual(['Blir værende']);
    t.setNow(new Date('2026-03-10T10:00:00Z'));
  });
});
