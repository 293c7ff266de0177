import { describe, expect, it } from 'vitest';
import { bitsToBuffer, bufferToBits, escapeCopyText, unescapeCopyField } from './postgres-copy-text.js';

describe('COPY text escaping', () => {
  it.each(['plain', 'tab\there', 'line\nbreak\r', 'back\\slash', '\\N', '😀 "q" \'s\'', ''])(
    'round-trips %j',
    (value) => {
      expect(unescapeCopyField(escapeCopyText(value))).toBe(value);
    },
  );
  it('reads the escapes PostgreSQL writes', () => {
    expect(unescapeCopyField('a\\fb\\vc\\b\\101\\x41')).toBe('a\fb\vc\bAA');
  });
  it('converts bit strings', () => {
    expect(bitsToBuffer('1010101010')).toEqual(Buffer.from([0x02, 0xaa]));
    expect(bufferToBits(Buffer.from([0x02, 0xaa]), 10)).toBe('1010101010');
  });
});
