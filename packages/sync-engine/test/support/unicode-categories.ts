/**
 * Code points of every Unicode general category (surrogates excepted: UTF-8 cannot carry them), so
 * a generator can pick "a character of category X" instead of a uniform code point, which would
 * almost always be an unassigned astral one. Built once, deterministically (about 2 s).
 */
const CATEGORIES = [
  'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'Sm', 'Sc', 'Sk', 'So', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Co', 'Cn',
] as const; // prettier-ignore

export type GeneralCategory = (typeof CATEGORIES)[number];

let table: Map<GeneralCategory, number[]> | null = null;

/** Per category: its first 64 code points, then every 509th, across the whole range (BMP and astral). */
export function codePointsByCategory(): Map<GeneralCategory, number[]> {
  if (table) return table;
  const patterns = CATEGORIES.map((category) => [category, new RegExp(`^\\p{${category}}$`, 'u')] as const);
  const found = new Map<GeneralCategory, number[]>(CATEGORIES.map((category) => [category, []]));
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += 1) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const character = String.fromCodePoint(codePoint);
    for (const [category, pattern] of patterns) {
      if (!pattern.test(character)) continue;
      const list = found.get(category)!;
      if (list.length < 64 || codePoint % 509 === 0) list.push(codePoint);
      break;
    }
  }
  table = found;
  return found;
}
