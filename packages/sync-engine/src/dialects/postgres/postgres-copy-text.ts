import type { CellValue, LogicalType } from '../../types/logical-type.js';

/**
 * PostgreSQL COPY text format, both ways: https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2
 * Rows end with `\n`, fields are separated by tabs, NULL is `\N`, and backslash escapes the rest.
 */

const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

export function unescapeCopyField(field: string): string {
  let out = '';
  let i = 0;
  while (i < field.length) {
    const ch = field[i]!;
    if (ch !== '\\') {
      const next = field.indexOf('\\', i);
      const end = next === -1 ? field.length : next;
      out += field.slice(i, end);
      i = end;
      continue;
    }
    const code = field[i + 1] ?? '';
    const simple = UNESCAPE[code];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (code >= '0' && code <= '7') {
      const digits = /^[0-7]{1,3}/.exec(field.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(digits, 8));
      i += 1 + digits.length;
    } else if (code === 'x') {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(field.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(parseInt(digits || '0', 16));
      i += 2 + digits.length;
    } else {
      out += code;
      i += 2;
    }
  }
  return out;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;

export function escapeCopyText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t',
  );
}

/** Turn a COPY text field (already unescaped) into the canonical cell for its logical type. */
type FieldDecoder = (field: string) => CellValue;

export function bitsToBuffer(bits: string): Buffer {
  const padded = bits.padStart(Math.ceil(bits.length / 8) * 8 || 8, '0');
  const bytes = Buffer.alloc(padded.length / 8);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(padded.slice(i * 8, i * 8 + 8), 2);
  return bytes;
}

export function bufferToBits(buffer: Buffer, length: number): string {
  let bits = '';
  for (const byte of buffer) bits += byte.toString(2).padStart(8, '0');
  return bits.length >= length ? bits.slice(bits.length - length) : bits.padStart(length, '0');
}

export function fieldDecoder(logical: LogicalType): FieldDecoder | null {
  switch (logical.kind) {
    case 'bytes':
      return (field) => Buffer.from(field.slice(2), 'hex');
    case 'bit':
      return bitsToBuffer;
    case 'timestamp':
      // The session runs in UTC, so an instant prints as `… +00`; canonical drops the suffix.
      return logical.withTimeZone
        ? (field) => (field.endsWith('+00') ? field.slice(0, -3) : field.replace(/\+00(?=( BC)?$)/, ''))
        : null;
    default:
      return null;
  }
}

/** Encode a canonical cell as a COPY text field for a destination column. */
type FieldEncoder = (value: Exclude<CellValue, null>) => string;

export function fieldEncoder(logical: LogicalType): FieldEncoder {
  switch (logical.kind) {
    case 'bytes':
      return (value) =>
        typeof value === 'string'
          ? `\\\\x${Buffer.from(value, 'utf8').toString('hex')}`
          : `\\\\x${value.toString('hex')}`;
    case 'bit':
      return (value) => (typeof value === 'string' ? value : bufferToBits(value, logical.length));
    case 'timestamp':
      if (!logical.withTimeZone) return textEncoder;
      return (value) => {
        const text = String(value);
        if (text === 'infinity' || text === '-infinity') return text;
        return text.endsWith(' BC') ? `${text.slice(0, -3)}+00 BC` : `${text}+00`;
      };
    default:
      return textEncoder;
  }
}

function textEncoder(value: Exclude<CellValue, null>): string {
  return escapeCopyText(typeof value === 'string' ? value : value.toString('utf8'));
}
