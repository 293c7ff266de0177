import { describe, expect, it } from 'vitest';
import { diffOf } from './changes.js';

describe('diffOf', () => {
  it.each([
    [
      'a create',
      null,
      { name: 'n', port: 1 },
      { name: { before: null, after: 'n' }, port: { before: null, after: 1 } },
    ],
    ['a delete', { name: 'n' }, null, { name: { before: 'n', after: null } }],
    ['a change', { name: 'n', port: 1 }, { name: 'n', port: 2 }, { port: { before: 1, after: 2 } }],
    ['no change', { name: 'n' }, { name: 'n' }, {}],
    [
      'nested values',
      { source: { table: 'a' } },
      { source: { table: 'b' } },
      { source: { before: { table: 'a' }, after: { table: 'b' } } },
    ],
    [
      'dates as ISO text',
      { expiresAt: null },
      { expiresAt: new Date(0) },
      { expiresAt: { before: null, after: '1970-01-01T00:00:00.000Z' } },
    ],
    [
      'bookkeeping fields ignored',
      { id: '1', updatedAt: new Date(0), lastTest: null },
      { id: '1', updatedAt: new Date(1), lastTest: {} },
      {},
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(diffOf(before, after)).toEqual(expected);
  });
});
