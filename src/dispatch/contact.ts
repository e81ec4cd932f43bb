import { createHmac } from 'node:crypto';

/**
 * Contacts are kept in clear only until delivery is final. Quarantine and opt-out use a salted
 * hash (HMAC-SHA256 with a secret shared by all nodes) of the normalised contact instead.
 */

export function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase() ?? '';
  // Deliberately loose: intake validates the format; here we only refuse what cannot be an address.
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? trimmed : null;
}

/** Norwegian mobile numbers as +47XXXXXXXX; other international numbers kept in E.164 form. */
export function normalisePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.trim().replace(/[\s().-]/g, '');
  if (digits.startsWith('00')) digits = '+' + digits.slice(2);
  if (/^\d{8}$/.test(digits)) digits = '+47' + digits;
  else if (/^47\d{8}$/.test(digits)) digits = '+' + digits;
  return /^\+\d{8,15}$/.test(digits) ? digits : null;
}

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
  const delivery = e && emailKey ? { channel: 'email' as const, address: e, key: emailKey } : p && phoneKey ? { channel: 'sms' as const, address: p, key: phoneKey } : null;
  return { email: e, phone: p, delivery, keys: [emailKey, phoneKey].filter((k): k is string => k !== null) };
}
