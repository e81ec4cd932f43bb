import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of the private notes (pure, node:crypto only). Two layers, both AES-256-GCM:
 *
 *   wrapping key  32 bytes, derived (HKDF-SHA256) from SECRET_KEY, never stored (see store.ts)
 *   data key      32 random bytes per employee, stored only wrapped under the wrapping key
 *   note          its text, encrypted under the owner's data key
 *
 * Each sealed value is nonce (12 random bytes) | ciphertext | tag (16). The additional data binds a
 * value to its owner and purpose, so a row copied to another employee (or a key used as a note)
 * fails to open instead of opening as someone else's.
 */

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('seal: the key must be 32 bytes');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens a sealed value; throws if the key, the additional data or a single byte is wrong. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('open: the key must be 32 bytes');
  const bytes = Buffer.from(sealed);
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('open: too short to be a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}

const keyAad = (employeeId: string) => `brukerstemme:reflection-key\u0000${employeeId}`;
const noteAad = (employeeId: string) => `brukerstemme:reflection-note\u0000${employeeId}`;

/** A new data key for an employee, and its wrapped form (what is stored). */
export function newDataKey(wrappingKey: Uint8Array, employeeId: string): { dataKey: Buffer; wrapped: Buffer } {
  const dataKey = randomBytes(KEY_BYTES);
  return { dataKey, wrapped: seal(wrappingKey, dataKey, keyAad(employeeId)) };
}

export function unwrapDataKey(wrappingKey: Uint8Array, employeeId: string, wrapped: Uint8Array): Buffer {
  return open(wrappingKey, wrapped, keyAad(employeeId));
}

export function encryptNote(dataKey: Uint8Array, employeeId: string, text: string): Buffer {
  return seal(dataKey, Buffer.from(text, 'utf8'), noteAad(employeeId));
}

export function decryptNote(dataKey: Uint8Array, employeeId: string, ciphertext: Uint8Array): string {
  return open(dataKey, ciphertext, noteAad(employeeId)).toString('utf8');
}
