import { describe, expect, it } from 'vitest';
import { escapeTsv, tsvEncoder } from './mysql-writer.js';

describe('LOAD DATA field encoding', () => {
  it('escapes exactly backslash, tab, newline, carriage return and NUL', () => {
    expect(escapeTsv('plain text, é €')).toBe('plain text, é €');
    expect(escapeTsv('a\tb\\c\nd\re\u0000f')).toBe('a\\tb\\\\c\\nd\\re\\0f');
    expect(escapeTsv('\t\t')).toBe('\\t\\t');
    expect(escapeTsv('\\')).toBe('\\\\');
    // Form feed and vertical tab are not LOAD DATA escapes: they go through as they are.
    expect(escapeTsv('x\f\vy')).toBe('x\f\vy');
  });

  it('picks one encoder per column kind', () => {
    expect(tsvEncoder({ kind: 'text', length: null, fixed: false })('a\tb')).toBe('a\\tb');
    expect(tsvEncoder({ kind: 'int', bits: 32, unsigned: false })('-42')).toBe('-42');
    expect(tsvEncoder({ kind: 'bytes', length: null, fixed: false })(Buffer.from([0, 9, 255]))).toBe('0009ff');
    expect(tsvEncoder({ kind: 'json', binary: false })('{"a":"x\\\\y"}')).toBe('{"a":"x\\\\\\\\y"}');
  });
});
