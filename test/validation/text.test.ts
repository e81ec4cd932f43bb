import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { hasControlCharacter, multilineText, singleLineText, stripControlCharacters } from '../../src/validation/text.ts';
import { importOrgFile, OrgFileError } from '../../src/org/file.ts';
import { AnswersCsvError, readAnswersTable } from '../../src/staff/csv.ts';
import { parseSortsCsv } from '../../src/qmethod/formats.ts';
import { testApp, type TestApp } from '../support/app.ts';

describe('the shared text block', () => {
  it('refuses C0, DEL and C1 controls in single-line text, and nothing else', () => {
    for (const bad of ['\u0000', 'a\u0001', 'tab\there', 'line\nbreak', 'cr\r', '\u001b[31m', '\u007f', '\u0080', '\u0085', '\u009f'])
      expect(singleLineText().safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    for (const good of ['Kari Nordmann', 'NAV Ålesund – Team «Ung»', 'Ærlig ø å', '\u00a0non-breaking', '😀', ''])
      expect(singleLineText().safeParse(good).success, JSON.stringify(good)).toBe(true);
  });

  it('lets free text keep tab and line breaks and refuses the other controls', () => {
    expect(multilineText().safeParse('First line\r\nsecond\tline').success).toBe(true);
    expect(multilineText().safeParse('a\u0000b').success).toBe(false);
    expect(multilineText().safeParse('a\u0085b').success).toBe(false);
  });

  it('chains like z.string(): trims and bounds after the control check', () => {
    const name = singleLineText().trim().min(1).max(5);
    expect(name.parse('  abc ')).toBe('abc');
    expect(name.safeParse('abcdef').success).toBe(false);
    expect(name.safeParse(' ').success).toBe(false);
  });

  it('strips citizen text of controls but keeps tab and line breaks', () => {
    expect(stripControlCharacters('Hei\u0000 du\u0007!\nHa det\tbra\u0085\u009b')).toBe('Hei du!\nHa det\tbra');
    expect(hasControlCharacter(stripControlCharacters('\u0000\u0001\u001f\u007f\u0080\u009f'))).toBe(false);
    expect(hasControlCharacter('a\nb', { multiline: true })).toBe(false);
    expect(hasControlCharacter('a\nb')).toBe(true);
  });
});

describe('the command-line imports name the row and column of control characters', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await testApp();
    dir = mkdtempSync(join(tmpdir(), 'bs-text-'));
  });
  afterAll(async () => t.close());

  const counts = async () =>
    (
      await sql<{
        units: number;
        employees: number;
      }>`select (select count(*)::int from unit) as units, (select count(*)::int from employee) as employees`.execute(t.ctx.db)
    ).rows[0];
  const refusal = async (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const before = await counts();
    const error = await importOrgFile(t.ctx.db, file, t.ctx.now()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OrgFileError);
    expect(await counts()).toEqual(before);
    return (error as OrgFileError).problems;
  };

  it('org CSV: a NUL in a unit name and a bell in an employee name, by row and column; nothing written', async () => {
    const problems = await refusal(
      'org.csv',
      [
        'type,id,name,kind,parent_id,unit_id,role',
        'unit,o9,NAV\u0000By,office,c1,,',
        'employee,v10,Kari\u0007,,,t1,counselor',
        'unit,t9,Team,team,o9,,',
      ].join('\n'),
    );
    expect(problems).toEqual([
      'row 2, column name: must not contain control characters',
      'row 3, column name: must not contain control characters',
    ]);
  });

  it('org CSV: a problem against the register (an unknown parent) is located by row, too', async () => {
    expect(
      await refusal('parent.csv', ['type,id,name,kind,parent_id', 'unit,o9,NAV By,office,c1', 'unit,t9,Team,team,nowhere'].join('\n')),
    ).toEqual(['row 3, column parent_id: unknown unit nowhere']);
  });

  it('org JSON: the path names the field; broken JSON is a message, not a stack trace', async () => {
    expect(
      await refusal('org.json', JSON.stringify({ units: [{ id: 'o9', kind: 'office', name: 'NAV\u0085', parent_id: 'c1' }] })),
    ).toEqual(['units.0.name: must not contain control characters']);
    expect((await refusal('broken.json', '{"units": ['))[0]).toMatch(/^not valid JSON/);
  });

  it('staff ANSWERS.csv: the line and column of a control character', () => {
    const read = () => readAnswersTable('kontor,q1,q2\nA,1,2\nB,3,4\u0000\n');
    expect(read).toThrow(AnswersCsvError);
    try {
      read();
    } catch (error) {
      expect((error as AnswersCsvError).problem).toEqual({ kind: 'control_character', line: 3, column: 'q2' });
      expect((error as Error).message).toBe('ANSWERS.csv line 3, column "q2": the cell holds control characters');
    }
  });

  it('Q-sorts CSV: the row and column of a control character', () => {
    expect(() => parseSortsCsv('statement,p1,p2\ns1,1,-1\ns2\u0000,0,0\ns3,-1,1\n')).toThrow(
      'Row 3, column 1 of the sorts file holds control characters',
    );
  });
});
