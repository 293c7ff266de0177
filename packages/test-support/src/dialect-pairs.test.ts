import { describe, expect, it } from 'vitest';
import { ALL_DIALECT_PAIRS, parseDialectPairs } from './dialect-pairs.js';

describe('parseDialectPairs', () => {
  it.each([undefined, '', '  '])('takes %j as every pair', (spec) => {
    expect(parseDialectPairs(spec)).toEqual(ALL_DIALECT_PAIRS);
    expect(ALL_DIALECT_PAIRS).toHaveLength(4);
  });

  it('keeps only the named pairs, in the order given', () => {
    expect(parseDialectPairs('postgres>mysql, mysql > mysql')).toEqual([
      ['postgres', 'mysql'],
      ['mysql', 'mysql'],
    ]);
  });

  it.each(['postgres', 'postgres>oracle', 'mysql>mysql>mysql', 'postgres>mysql,'])(
    'rejects %j, naming the entry',
    (spec) => {
      expect(() => parseDialectPairs(spec)).toThrow(/PIPECRAFT_TEST_PAIRS/);
    },
  );
});
