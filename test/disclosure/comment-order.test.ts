import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shuffled } from '../../src/disclosure/figures.ts';

/**
 * The order comments are shown in says nothing about when they arrived. The shuffle's seed is made of
 * public names and its generator is public code, so a reader can undo the permutation; what they get
 * back must then be an order of the comments' content, not the database's order (which follows arrival).
 */
describe('the order of a batch of comments', () => {
  const comment = fc.record({
    month: fc.constantFrom('2026-01', '2026-02'),
    text: fc.string({ maxLength: 12 }),
    lang: fc.constantFrom('nb', 'en'),
  });

  it('is the same whatever order the comments arrived in', () => {
    fc.assert(
      fc.property(fc.array(comment, { maxLength: 12 }), fc.string(), fc.nat(), (items, seed, rotate) => {
        const arrived = [...items.slice(rotate % (items.length || 1)), ...items.slice(0, rotate % (items.length || 1))].reverse();
        expect(shuffled(arrived, seed)).toEqual(shuffled(items, seed));
      }),
    );
  });

  it('still depends on the seed, and keeps every comment', () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ month: '2026-01', text: `svar ${i}`, lang: 'nb' }));
    const a = shuffled(items, 'team-1|2026-T1');
    expect([...a].sort((x, y) => x.text.localeCompare(y.text))).toEqual(items);
    expect(shuffled(items, 'team-2|2026-T1')).not.toEqual(a);
  });
});
