/**
 * The one normal form of a contact (shared leaf): intake validates with it, and dispatch, opt-out and quarantine key
 * contacts by it, so the same person's number or address always gives the same key.
 */

/** Lower-cased and trimmed; null for what cannot be an address (intake validates the format in full). */
export function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase() ?? '';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? trimmed : null;
}

/**
 * A mobile number in E.164 form: Norwegian numbers may come as 8 digits, or with 47, +47 or 0047 in front, and must
 * be mobile numbers (8 digits starting with 4 or 9); other countries with + or 00. Spaces, dots, dashes and
 * parentheses are ignored. Null for anything else.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let compact = raw.trim().replace(/[\s().-]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  if (/^\d{8}$/.test(compact)) compact = `+47${compact}`;
  else if (/^47\d{8}$/.test(compact)) compact = `+${compact}`;
  if (!/^\+\d{8,15}$/.test(compact)) return null;
  if (compact.startsWith('+47') && !(compact.length === 11 && /^[49]/.test(compact.slice(3)))) return null;
  return compact;
}
