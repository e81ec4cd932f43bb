import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/qmethod/errors.ts';
import {
  parsePqmethodDat,
  parsePqmethodSta,
  parseSortsCsv,
  writePqmethodDat,
  writePqmethodSta,
  writeSortsCsv,
} from '../../src/qmethod/formats.ts';

const lipsetCsv = readFileSync(new URL('../../reference/qmethod/lipset/sorts.csv', import.meta.url), 'utf8');

describe('CSV (statements × participants)', () => {
  it('reads R-style CSV and writes it back to the same data', () => {
    const data = parseSortsCsv(lipsetCsv);
    expect(data.statements).toHaveLength(33);
    expect(data.participants).toEqual(['US1', 'US2', 'US3', 'US4', 'JP5', 'CA6', 'UK7', 'US8', 'FR9']);
    expect(data.values[0]).toEqual([-1, -1, 2, 3, -4, 1, 2, -2, 3]);
    expect(parseSortsCsv(writeSortsCsv(data))).toEqual(data);
  });

  it('reads semicolon-separated files and quoted ids with commas', () => {
    const data = parseSortsCsv('id;"Ann, B";Kim\n1;-1;1\n2;1;-1\n');
    expect(data.participants).toEqual(['Ann, B', 'Kim']);
    expect(parseSortsCsv(writeSortsCsv(data))).toEqual(data);
  });

  it('names the bad cell, the short row and the duplicate statement', () => {
    expect(() => parseSortsCsv('id,a,b\n1,-1,x\n2,1,-1\n')).toThrow(/Statement "1", participant "b": "x"/);
    expect(() => parseSortsCsv('id,a,b\n1,-1\n2,1,-1\n')).toThrow(/has 1 values for 2 participants/);
    expect(() => parseSortsCsv('id,a,b\n1,-1,1\n1,1,-1\n')).toThrow(/Statement "1" appears more than once/);
  });
});

describe('PQMethod .DAT and .STA', () => {
  it('writes the fixed-width layout PQMethod reads', () => {
    const data = parseSortsCsv('statement,Ann,Bo\n1,-1,1\n2,0,0\n3,1,-1\n');
    const dat = writePqmethodDat(data, 'Tiny study').split('\r\n');
    expect(dat[0]).toBe('  0  2  3 Tiny study');
    // Lowest and highest position, then the card count of each column −6…+6.
    expect(dat[1]).toBe(' -1  1  0  0  0  0  0  1  1  1  0  0  0  0  0');
    expect(dat[2]).toBe('Ann       -1 0 1');
    expect(dat[3]).toBe('Bo         1 0-1');
  });

  it('round-trips lipset through .DAT (statement ids become numbers, as in PQMethod)', () => {
    const data = parseSortsCsv(lipsetCsv);
    const { title, data: back } = parsePqmethodDat(writePqmethodDat(data, 'Lipset 1963'));
    expect(title).toBe('Lipset 1963');
    expect(back.participants).toEqual(data.participants);
    expect(back.values).toEqual(data.values);
    expect(back.statements).toEqual(data.statements.map((_, s) => String(s + 1)));
    expect(writePqmethodDat(back, 'Lipset 1963')).toBe(writePqmethodDat(data, 'Lipset 1963'));
  });

  it('round-trips statements through .STA', () => {
    const statements = [
      { id: '1', text: 'Jeg har et personlig ansvar for brukeren.' },
      { id: '2', text: 'Antall brukere begrenser tiden til oppfølging; æ, ø og å' },
    ];
    expect(parsePqmethodSta(writePqmethodSta(statements))).toEqual(statements);
  });

  it('refuses what PQMethod cannot hold and files that do not add up', () => {
    const wide = parseSortsCsv('statement,a\n1,-7\n2,7\n');
    expect(() => writePqmethodDat(wide, 'x')).toThrow(InvalidInputError);
    const dat = writePqmethodDat(parseSortsCsv(lipsetCsv), 'Lipset');
    const lines = dat.split('\r\n');
    expect(() => parsePqmethodDat([...lines.slice(0, 2), lines[2].slice(0, 30), ...lines.slice(3)].join('\n'))).toThrow(
      /does not hold 33 positions/,
    );
    expect(() => parsePqmethodDat(lines.slice(0, 5).join('\n'))).toThrow(/announces 9 sorts but the file holds 3/);
  });
});
