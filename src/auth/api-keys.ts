import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { DeletionLedger } from '../ledger/ledger.ts';
import { AppError } from '../core/errors.ts';

/** Service-to-service keys for the case systems. The key is shown once; only its SHA-256 is stored. */

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function createApiKey(db: Database, name: string): Promise<{ id: string; key: string }> {
  const id = randomBytes(6).toString('hex');
  const key = `bsk_${id}_${randomBytes(32).toString('base64url')}`;
  await db
    .insertInto('api_key')
    .values({ id, name, key_hash: sha256(key) })
    .execute();
  return { id, key };
}

export async function revokeApiKey(db: Database, id: string, now: Date, ledger?: DeletionLedger): Promise<boolean> {
  // Intent first (src/ledger): a restored backup must not bring a revoked key back.
  await ledger?.record({ kind: 'api_key_revoked', key: id }, now);
  const result = await db
    .updateTable('api_key')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface ApiClient {
  id: string;
  name: string;
}

/** Reads `Authorization: Bearer <key>`; 401 unless it names a live key. */
export async function requireApiClient(db: Database, request: FastifyRequest): Promise<ApiClient> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('not_signed_in', { reason: 'api_key_missing' });
  const row = await db
    .selectFrom('api_key')
    .select(['id', 'name'])
    .where('key_hash', '=', sha256(match[1]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('not_signed_in', { reason: 'api_key_unknown' });
  return row;
}
