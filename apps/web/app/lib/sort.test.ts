import { describe, expect, it } from 'vitest';
import { compareText } from './sort.js';

describe('compareText', () => {
  it('sorts names case-insensitively and numbers by value', () => {
    expect(['beta', 'Alpha', 'alpha2', 'Table10', 'table9', 'Zed'].sort(compareText)).toEqual([
      'Alpha',
      'alpha2',
      'beta',
      'table9',
      'Table10',
      'Zed',
    ]);
  });
});
