import { createHmac } from 'node:crypto';
import { normaliseEmail, normalisePhone } from '../contacts/normalise.ts';

export { normaliseEmail, normalisePhone };

/**
 * Contacts are kept in clear only until delivery is final. Quarantine and opt-out use a salted
 * hash (HMAC-SHA256 with a secret shared by all nodes) of the normalised contact instead.
 */

export function contactKey(secret: string, normalisedContact: string): string {
  return createHmac('sha256', secret).update(normalisedContact).digest('hex');
}

export interface PersonContact {
  email: string | null;
  phone: string | null;
  /** The one channel we deliver on: e-mail when given, otherwise SMS. */
  delivery: { channel: 'email' | 'sms'; address: string; key: string } | null;
  /** Keys of every contact given, so opt-out and quarantine on either channel count. */
  keys: string[];
}

export function personContact(secret: string, email: string | null, phone: string | null): PersonContact {
  const e = normaliseEmail(email);
  const p = normalisePhone(phone);
  const emailKey = e ? contactKey(secret, e) : null;
  const phoneKey = p ? contactKey(secret, p) : null;
  const delivery =
    e && emailKey
      ? { channel: 'email' as const, address: e, key: emailKey }
      : p && phoneKey
        ? { channel: 'sms' as const, address: p, key: phoneKey }
        : null;
  return { email: e, phone: p, delivery, keys: [emailKey, phoneKey].filter((k): k is string => k !== null) };
}
