import { describe, expect, it } from 'vitest';
import { MARKERS, scrubComment } from '../../src/reporting/scrub.ts';

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
