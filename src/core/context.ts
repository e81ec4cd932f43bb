import { hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, productionSecretProblems, type Config } from './config.ts';
import type { Database, DatabaseHandle } from '../db/database.ts';
import type { DeletionLedger } from '../ledger/ledger.ts';

/** Keys the capabilities use; in production none of them is in the database (see loadSecrets). */
export interface Secrets {
  /** Salted hash of a contact (quarantine, opt-out). */
  contactHash: string;
  /** Signs employee session cookies. */
  session: string;
  /** Keys the fingerprint of a meeting event (intake idempotency). */
  fingerprint: string;
  /** Names a comment to its readers without saying which response it is. */
  commentRef: string;
}

/** What every capability needs: configuration, the database, shared secrets and a clock. */
export interface AppContext {
  config: Config;
  db: Database;
  secrets: Secrets;
  /** Injected so tests can move time (delays, quiet hours, expiry) without sleeping. */
  now: () => Date;
  /**
   * Where deletions and promises are written before they commit (src/ledger), so a restored backup
   * cannot undo them. contextFor always sets it; a context built by hand without it writes none.
   */
  ledger?: DeletionLedger;
}

export async function getOrCreateSecret(db: Database, name: string, configured?: string): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('app_secret')
    .values({ name, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secret').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

/** One purpose's key from SECRET_KEY (HKDF-SHA256): a leaked key for one purpose says nothing of the others. */
export function derivedKey(secretKey: string, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', secretKey, '', `brukerstemme:${purpose}`, 32)).toString('hex');
}

/** Every key from one secret, as production derives them (tests and benchmarks that build a context by hand). */
export function secretsFrom(secretKey: string, contactHash: string): Secrets {
  return {
    contactHash,
    session: derivedKey(secretKey, 'session-cookie'),
    fingerprint: derivedKey(secretKey, 'meeting-fingerprint'),
    commentRef: derivedKey(secretKey, 'comment-reference'),
  };
}

/**
 * The keys, from SECRET_KEY and CONTACT_HASH_SECRET (environment or mounted files). Without them —
 * the demo only; production refuses to start — each key is generated once into the database, which
 * a copy of the database then holds too.
 */
export async function loadSecrets(db: Database, config: Config): Promise<Secrets> {
  const missing = productionSecretProblems(config);
  if (missing.length > 0)
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((key) => `  ${key}: required when DEV_LOGIN is false (production)`).join('\n')}`,
    );
  const key = (purpose: string, stored: string) =>
    config.SECRET_KEY ? derivedKey(config.SECRET_KEY, purpose) : getOrCreateSecret(db, stored);
  return {
    contactHash: await getOrCreateSecret(db, 'contact_hash', config.CONTACT_HASH_SECRET),
    session: await key('session-cookie', 'session_cookie'),
    fingerprint: await key('meeting-fingerprint', 'meeting_fingerprint'),
    commentRef: await key('comment-reference', 'comment_ref'),
  };
}

/** Opens the configured database with migrations applied (the composition root's openApp, handed to commands that need it). */
export type OpenApp = (config: Config) => Promise<AppContext & { handle: DatabaseHandle }>;
