import { idnr } from '@navikt/fnrvalidator';

/**
 * Removes what could identify a person from a free-text comment before anyone reads it:
 * national identity numbers (fødselsnummer, d-nummer — also written with spaces or dots),
 * e-mail addresses, phone numbers and the names of the organisation's employees.
 */
export const MARKERS = {
  idNumber: '[fødselsnummer fjernet]',
  email: '[e-post fjernet]',
  phone: '[telefonnummer fjernet]',
  name: '[navn fjernet]',
  number: '[nummer fjernet]',
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 11 digits with optional single separators (space, dot, dash) between digits.
const ELEVEN_DIGITS = /(?<!\d)\d(?:[ .-]?\d){10}(?!\d)/g;
// Phone numbers: +47 / 0047 prefix optional, 8 digits possibly grouped.
const PHONE = /(?<![\d+])(?:(?:\+|00)\d{2}[ .-]?)?\d(?:[ .-]?\d){7}(?!\d)/g;
// Any other long run of digits (account numbers, case numbers).
const LONG_NUMBER = /(?<!\d)\d{9,}(?!\d)/g;

export function scrubComment(text: string, knownNames: string[] = []): string {
  let out = text.replace(EMAIL, MARKERS.email);
  out = out.replace(ELEVEN_DIGITS, (match) => {
    const digits = match.replace(/\D/g, '');
    return idnr(digits).status === 'valid' ? MARKERS.idNumber : MARKERS.number;
  });
  out = out.replace(PHONE, MARKERS.phone);
  out = out.replace(LONG_NUMBER, MARKERS.number);
  for (const pattern of namePatterns(knownNames)) out = out.replace(pattern, MARKERS.name);
  return out;
}

/** Full names first (longest first), then each part of a name of three letters or more, capitalised. */
function namePatterns(names: string[]): RegExp[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const full = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const parts = [...new Set(full.flatMap((n) => n.split(/\s+/)).filter((p) => p.length >= 3))];
  const boundary = (s: string) => new RegExp(`(?<![\\p{L}])${escape(s)}(?![\\p{L}])`, 'gu');
  const boundaryInsensitive = (s: string) => new RegExp(`(?<![\\p{L}])${escape(s)}(?![\\p{L}])`, 'giu');
  return [...full.map(boundaryInsensitive), ...parts.map(boundary)];
}
