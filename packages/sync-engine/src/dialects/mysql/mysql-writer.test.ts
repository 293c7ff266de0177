import { describe, expect, it } from 'vitest';
import { escapeTsv, float32Text, splitEwkt, tsvEncoder } from './mysql-writer.js';

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

  it('gives a FLOAT column the float32 value itself, printed exactly', () => {
    expect(float32Text('3.4028235e+38')).toBe('3.4028234663852886e+38');
    expect(float32Text('1.0000001')).toBe('1.0000001192092896');
    expect(float32Text('123456789')).toBe('123456792');
    expect(float32Text('NaN')).toBe('NaN');
    expect(tsvEncoder({ kind: 'float', bits: 32 })('1.4e-45')).toBe('1.401298464324817e-45');
    expect(tsvEncoder({ kind: 'float', bits: 64 })('0.1')).toBe('0.1');
  });

  it('splits a geometry into WKT and SRID', () => {
    expect(splitEwkt('SRID=4326;POINT(1 2)')).toEqual(['POINT(1 2)', 4326]);
    expect(splitEwkt('POINT(1 2)')).toEqual(['POINT(1 2)', 0]);
  });
});
