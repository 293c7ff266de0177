import type { LogicalType } from '../types/logical-type.js';

/**
 * The canonical array cell is a PostgreSQL array literal (`{1,NULL,"a b",{2,3}}`). MySQL has no
 * arrays, so there it becomes a JSON array: numbers and booleans as JSON values, the rest as strings.
 * Grammar: https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO
 */
type Parsed = Array<string | null | Parsed>;

function parseArrayLiteral(literal: string): Parsed {
  let text = literal.trim();
  // Arrays with non-default bounds print a `[1:2]=` prefix; the bounds carry no value.
  const bounds = /^(\[[^\]]*\])+=/.exec(text);
  if (bounds) text = text.slice(bounds[0].length);
  let at = 0;
  const parseList = (): Parsed => {
    if (text[at] !== '{') throw new Error(`Malformed array literal: ${literal}`);
    at += 1;
    const items: Parsed = [];
    if (text[at] === '}') {
      at += 1;
      return items;
    }
    for (;;) {
      const ch = text[at];
      if (ch === '{') items.push(parseList());
      else if (ch === '"') {
        at += 1;
        let value = '';
        while (at < text.length && text[at] !== '"') {
          if (text[at] === '\\') at += 1;
          value += text[at] ?? '';
          at += 1;
        }
        at += 1;
        items.push(value);
      } else {
        const start = at;
        while (at < text.length && text[at] !== ',' && text[at] !== '}') at += 1;
        // PostgreSQL trims only its own (ASCII) white space around an unquoted element and quotes
        // nothing else: U+3000 or U+00A0 at an element's edge is part of the value.
        const raw = text.slice(start, at).replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
        items.push(raw.toUpperCase() === 'NULL' ? null : raw);
      }
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      if (text[at] === '}') {
        at += 1;
        return items;
      }
      throw new Error(`Malformed array literal: ${literal}`);
    }
  };
  return parseList();
}

function elementToJson(value: string | null | Parsed, element: LogicalType): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item) => elementToJson(item, element));
  return value;
}

/**
 * Serialise with numbers kept as their exact digits (never through a JS number). A numeric element
 * JSON cannot spell (NaN, ±Infinity) becomes a JSON string, reported through `onSpecial`.
 */
function stringify(value: unknown, element: LogicalType, onSpecial?: () => void): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => stringify(item, element, onSpecial)).join(',')}]`;
  const text = String(value);
  if (element.kind === 'int' || element.kind === 'decimal' || element.kind === 'float') {
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return text;
    onSpecial?.();
  }
  if (element.kind === 'bool') return text === 't' || text === 'true' ? 'true' : 'false';
  if (element.kind === 'json') return text;
  return JSON.stringify(text);
}

export function arrayLiteralToJson(literal: string, element: LogicalType, onSpecial?: () => void): string {
  return stringify(elementToJson(parseArrayLiteral(literal), element), element, onSpecial);
}

/** MySQL SET text (`a,b`) → PostgreSQL text[] literal. */
export function setToArrayLiteral(value: string): string {
  if (value === '') return '{}';
  return `{${value
    .split(',')
    .map((member) => `"${member.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',')}}`;
}
