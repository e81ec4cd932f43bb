import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARKERS, NameMatcher, scrubComment } from '../../src/validation/scrub.ts';

// Synthetic identity numbers with valid check digits (not real people).
const FNR = validFnr();

function validFnr(): string {
  // Build a valid fødselsnummer for 15.05.1985 with individual number 123 by computing the checksums.
  const base = '150585123'.split('').map(Number);
  const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const mod = (ws: number[], ds: number[]) => {
    const r = 11 - (ws.reduce((s, w, i) => s + w * ds[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = mod(k1w, base);
  const k2 = mod(k2w, [...base, k1]);
  if (k1 === 10 || k2 === 10) throw new Error('pick another base');
  return [...base, k1, k2].join('');
}

describe('scrubComment', () => {
  it('removes a fødselsnummer written plainly, spaced or dotted', () => {
    const spaced = `${FNR.slice(0, 6)} ${FNR.slice(6)}`;
    const dotted = `${FNR.slice(0, 2)}.${FNR.slice(2, 4)}.${FNR.slice(4, 6)} ${FNR.slice(6)}`;
    for (const form of [FNR, spaced, dotted]) {
      const out = scrubComment(`Mitt nummer er ${form}, ring meg.`);
      expect(out).toBe(`Mitt nummer er ${MARKERS.idNumber}, ring meg.`);
    }
  });

  it('removes e-mail addresses and phone numbers in common forms', () => {
    expect(scrubComment('Skriv til ola.nordmann@example.no')).toBe(`Skriv til ${MARKERS.email}`);
    for (const phone of ['91234567', '912 34 567', '+47 912 34 567', '0047 91234567', '91 23 45 67']) {
      expect(scrubComment(`ring ${phone} i dag`)).toBe(`ring ${MARKERS.phone} i dag`);
    }
  });

  it('removes known employee names, full and in parts, and leaves ordinary words', () => {
    const out = scrubComment('Kari Nordmann var flink. Kari hjalp meg, og nordmann-stilen var fin.', ['Kari Nordmann']);
    expect(out).toBe(`${MARKERS.name} var flink. ${MARKERS.name} hjalp meg, og nordmann-stilen var fin.`);
  });

  it('leaves a comment without identifying details untouched', () => {
    const text = 'Veilederen lyttet, men møtet startet 15 minutter for sent.';
    expect(scrubComment(text, ['Per Hansen'])).toBe(text);
  });
});

describe('NameMatcher', () => {
  /** The first implementation, one pattern per name: the reference the compiled matcher must agree with. */
  function scrubByPatterns(text: string, names: string[]): string {
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const full = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
    const parts = [...new Set(full.flatMap((n) => n.split(/\s+/)).filter((p) => p.length >= 3))];
    let out = text;
    for (const n of full) out = out.replace(new RegExp(`(?<![\\p{L}])${escape(n)}(?![\\p{L}])`, 'giu'), MARKERS.name);
    for (const p of parts) out = out.replace(new RegExp(`(?<![\\p{L}])${escape(p)}(?![\\p{L}])`, 'gu'), MARKERS.name);
    return out;
  }

  it('replaces what one pattern per name replaced, for random names and texts', () => {
    const word = fc.constantFrom(
      'Kari',
      'kari',
      'KARI',
      'Nordmann',
      'nordmann',
      'Ole',
      'Per',
      'Åse',
      'åse',
      'Anne-Marie',
      'Li',
      'Øyvind',
      'møtet',
      'var',
      'fin',
    );
    const gap = fc.constantFrom(' ', '  ', ', ', '-', '.', '\n');
    const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    const text = fc.array(fc.tuple(word, gap), { maxLength: 12 }).map((pairs) => pairs.map(([w, g]) => w + g).join(''));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 5 }), text, (names, t) => {
        expect(scrubComment(t, new NameMatcher(names))).toBe(scrubByPatterns(scrubComment(t, []), names));
      }),
      { numRuns: 500 },
    );
  });

  it('is built once for many comments: the same matcher gives the same result as a fresh list', () => {
    const matcher = new NameMatcher(['Kari Nordmann', 'Per Hansen']);
    for (const text of ['Kari Nordmann hjalp.', 'per hansen ringte', 'Hansen var der'])
      expect(scrubComment(text, matcher)).toBe(scrubComment(text, ['Kari Nordmann', 'Per Hansen']));
  });
});
