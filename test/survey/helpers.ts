import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { secretsFrom, type AppContext } from '../../src/core/context.ts';
import { loadConfig } from '../../src/core/config.ts';
import type { Database, DatabaseHandle } from '../../src/db/database.ts';
import type { InvitationState } from '../../src/db/schema.ts';
import { registerSurveyRoutes } from '../../src/survey/routes.ts';
import { registerAssets } from '../../src/web/assets.ts';
import { installErrorHandler } from '../../src/web/error-handler.tsx';
import { freshDatabase } from '../support/db.ts';

export const NOW = new Date('2026-03-10T12:00:00Z');

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** Inserts the unit and counselor the test invitations point at (idempotent). */
export async function ensureOrg(db: Database): Promise<void> {
  await db
    .insertInto('unit')
    .values({ id: 'team-1', kind: 'team', name: 'Team 1', parent_id: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('employee')
    .values({ id: 'counselor-1', name: 'Kari Nordmann', unit_id: 'team-1', role: 'counselor' })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface TestInvitation {
  token: string;
  meetingId: string;
  contactKey: string;
}

/** A meeting with case-mix, its invitation (as dispatch would leave it after sending) and one token. */
export async function createInvitation(
  db: Database,
  opts: { state?: InvitationState; language?: string; expiresAt?: Date; contactKey?: string } = {},
): Promise<TestInvitation> {
  await ensureOrg(db);
  const token = newToken();
  const meetingId = randomUUID();
  const contactKey = opts.contactKey ?? `ck-${randomUUID()}`;
  await db
    .insertInto('meeting')
    .values({
      id: meetingId,
      external_id: `ext-${meetingId}`,
      source: 'test',
      payload_hash: sha256Hex(meetingId),
      starts_at: new Date('2026-03-10T08:15:00Z'),
      month: '2026-03-01',
      counselor_id: 'counselor-1',
      unit_id: 'team-1',
      channel: 'in_person',
      meeting_kind: 'follow_up',
      language: opts.language ?? 'nb',
      age_band: '30_39',
      innsatsgruppe: 'situasjonsbestemt',
      benefit: 'aap',
      recent_adverse_decision: false,
      interpreter_used: true,
      first_meeting: false,
      exclusion_reason: null,
    })
    .execute();
  await db
    .insertInto('invitation')
    .values({
      meeting_id: meetingId,
      state: opts.state ?? 'sent',
      contact_email: 'bruker@example.no',
      contact_phone: '+4799999999',
      contact_key: contactKey,
      language: opts.language ?? 'nb',
      next_action_at: new Date('2026-03-13T12:00:00Z'),
      lease_until: null,
      send_at: new Date('2026-03-10T10:15:00Z'),
      reminder_at: new Date('2026-03-13T12:00:00Z'),
      expires_at: opts.expiresAt ?? new Date('2026-03-24T12:00:00Z'),
      sent_at: new Date('2026-03-10T10:16:00Z'),
      reminded_at: null,
      last_error: null,
      finalized_at: null,
    })
    .execute();
  await db
    .insertInto('invitation_token')
    .values({ token_hash: sha256Hex(token), meeting_id: meetingId, purpose: 'invite' })
    .execute();
  return { token, meetingId, contactKey };
}

/** An opt-out link for a contact key; returns the token. */
export async function createOptOutLink(db: Database, contactKey: string): Promise<string> {
  const token = newToken();
  await db
    .insertInto('opt_out_link')
    .values({ token_hash: sha256Hex(token), contact_key: contactKey })
    .execute();
  return token;
}

export interface SurveyTestApp {
  handle: DatabaseHandle;
  db: Database;
  app: FastifyInstance;
  setNow(at: Date): void;
  close(): Promise<void>;
}

/** A server with only what the survey needs (the survey's routes and the stylesheet) on a fresh database. */
export async function surveyTestApp(): Promise<SurveyTestApp> {
  const handle = await freshDatabase();
  let now = NOW;
  const ctx: AppContext = {
    config: loadConfig({}, { LOG_LEVEL: 'silent', PORT: 0 }),
    db: handle.db,
    secrets: secretsFrom('test-secret-test-secret-key-0123456789abcdef0123', 'test-secret-test-secret'),
    now: () => now,
  };
  const app = Fastify({ logger: false });
  installErrorHandler(app, async () => null);
  await app.register(formbody);
  await registerAssets(app);
  await registerSurveyRoutes(app, ctx);
  await app.ready();
  return {
    handle,
    db: handle.db,
    app,
    setNow: (at) => {
      now = at;
    },
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/** A complete valid answer as the form posts it. */
export function validForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    instrument_version: '1',
    s_prepared: '5',
    s_understanding: '6',
    s_time: '4',
    s_planned: 'dk',
    s_next_steps: '3',
    s_respect: '6',
    overall: '5',
    nav_general: '2',
    comment: 'Fint møte.',
    ...overrides,
  };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
