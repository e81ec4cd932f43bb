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

export function scrubComment(text: string, knownNames: NameMatcher | string[] = []): string {
  let out = text.replace(EMAIL, MARKERS.email);
  out = out.replace(ELEVEN_DIGITS, (match) => {
    const digits = match.replace(/\D/g, '');
    return idnr(digits).status === 'valid' ? MARKERS.idNumber : MARKERS.number;
  });
  out = out.replace(PHONE, MARKERS.phone);
  out = out.replace(LONG_NUMBER, MARKERS.number);
  return (knownNames instanceof NameMatcher ? knownNames : new NameMatcher(knownNames)).scrub(out);
}

interface NamePattern {
  /** The name's runs of letters, and what stands between them (exactly, as in the name). */
  words: string[];
  between: string[];
  length: number;
}

const LETTERS = /\p{L}+/gu;

function patternOf(name: string): NamePattern {
  const words: string[] = [];
  const between: string[] = [];
  let last = -1;
  for (const m of name.matchAll(LETTERS)) {
    if (last >= 0) between.push(name.slice(last, m.index));
    words.push(m[0]);
    last = m.index + m[0].length;
  }
  return { words, between, length: name.length };
}

/**
 * Employee names, compiled once for many comments: a full name in any case, and each part of a
 * name (three letters or more) as written, where no letter stands right before or after it. A
 * comment is read once, word by word; at each word the longest full name that starts there is
 * replaced, else the longest part. (A pattern per name, tried on every comment, took seconds per
 * comment with 10,000 employees.)
 */
export class NameMatcher {
  private readonly full = new Map<string, NamePattern[]>();
  private readonly parts = new Map<string, NamePattern[]>();

  constructor(names: Iterable<string>) {
    const seen = new Set<string>();
    const add = (map: Map<string, NamePattern[]>, key: string, pattern: NamePattern, text: string) => {
      const id = `${map === this.full ? 'f' : 'p'}\u0000${text}`;
      if (seen.has(id)) return;
      seen.add(id);
      const list = map.get(key);
      if (list) list.push(pattern);
      else map.set(key, [pattern]);
    };
    for (const raw of names) {
      const name = raw.trim();
      if (!name) continue;
      const full = patternOf(name.toLowerCase());
      if (full.words.length > 0) add(this.full, full.words[0], full, name.toLowerCase());
      for (const part of name.split(/\s+/)) {
        if (part.length < 3) continue;
        const pattern = patternOf(part);
        // A part must start and end with a letter to have letter boundaries, as a whole name does.
        if (pattern.words.length > 0 && part.startsWith(pattern.words[0]) && part.endsWith(pattern.words[pattern.words.length - 1]))
          add(this.parts, pattern.words[0], pattern, part);
      }
    }
    for (const list of [...this.full.values(), ...this.parts.values()]) list.sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    if (this.full.size === 0 && this.parts.size === 0) return text;
    const runs = [...text.matchAll(LETTERS)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }));
    const lower = text.toLowerCase();
    // Lower-casing can change a string's length (rarely); then compare word by word on the original.
    const sameLength = lower.length === text.length;
    let out = '';
    let copied = 0;
    for (let i = 0; i < runs.length;) {
      const matched = this.matchAt(runs, i, text, sameLength ? lower : null);
      if (matched === 0) {
        i++;
        continue;
      }
      out += text.slice(copied, runs[i].start) + MARKERS.name;
      copied = runs[i + matched - 1].end;
      i += matched;
    }
    return out + text.slice(copied);
  }

  /** How many letter runs from run i a name covers (0 for none): full names first, then parts. */
  private matchAt(runs: Array<{ start: number; end: number; word: string }>, i: number, text: string, lower: string | null): number {
    const fits = (pattern: NamePattern, caseless: boolean) => {
      if (i + pattern.words.length > runs.length) return false;
      for (let w = 0; w < pattern.words.length; w++) {
        const run = runs[i + w];
        const word = caseless ? (lower ? lower.slice(run.start, run.end) : run.word.toLowerCase()) : run.word;
        if (word !== pattern.words[w]) return false;
        if (w > 0) {
          const gap = text.slice(runs[i + w - 1].end, run.start);
          if ((caseless ? gap.toLowerCase() : gap) !== pattern.between[w - 1]) return false;
        }
      }
      return true;
    };
    const first = runs[i].word;
    for (const pattern of this.full.get(first.toLowerCase()) ?? []) if (fits(pattern, true)) return pattern.words.length;
    for (const pattern of this.parts.get(first) ?? []) if (fits(pattern, false)) return pattern.words.length;
    return 0;
  }
}
