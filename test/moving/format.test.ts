import { describe, expect, it } from 'vitest';
import { FORMAT, FORMAT_VERSION, insertOrder, parseHead, TableHash, tableMismatch } from '../../src/moving/format.ts';

describe('the installation file, without a database', () => {
  it('orders tables so that every referenced table comes first, alphabetically where free', () => {
    const refs = [
      { child: 'employee', parent: 'unit' },
      { child: 'unit', parent: 'unit' },
      { child: 'response', parent: 'employee' },
      { child: 'response', parent: 'unit' },
    ];
    expect(insertOrder(['response', 'app_secret', 'employee', 'unit'], refs)).toEqual(['app_secret', 'unit', 'employee', 'response']);
    expect(() =>
      insertOrder(
        ['a', 'b'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toThrow(/a, b reference one another in a cycle/);
  });

  it('reads only its own head, of its own format version', () => {
    const head = { format: FORMAT, version: FORMAT_VERSION, migration: '0001_core', exported_at: '', source: 'pglite', excluded: {} };
    expect(parseHead(JSON.stringify(head))).toEqual(head);
    expect(() => parseHead('PK\u0003\u0004')).toThrow(/not an installation file/);
    expect(() => parseHead(JSON.stringify({ ...head, format: 'other' }))).toThrow(/not an installation file/);
    expect(() => parseHead(JSON.stringify({ ...head, version: 2 }))).toThrow(/format version 2; this Brukerstemme reads version 1/);
  });

  it('hashes a table in file order, and its content whatever the order', () => {
    const hash = (rows: string[]) => {
      const h = new TableHash();
      for (const row of rows) h.add(row);
      return { rows: h.rows, file: h.digest(), content: h.content() };
    };
    const [a, b] = [hash(['{"id": 1}', '{"id": 2}']), hash(['{"id": 2}', '{"id": 1}'])];
    expect(a.rows).toBe(2);
    expect(a.file).not.toBe(b.file);
    expect(a.content).toBe(b.content);
    expect(hash(['{"id": 1}', '{"id": 3}']).content).not.toBe(a.content);
    expect(tableMismatch(['a', 'b'], ['b', 'a'])).toBeNull();
    expect(tableMismatch(['a', 'c'], ['a', 'b'])).toBe('missing table(s) b; table(s) c this database does not have');
  });
});
