/**
 * The declared value policies: each is a way a value may change on the way, shown as a loss reason
 * in the preview before a run and counted per column on the run record after it
 * (docs/dialects.md, "Values the destination cannot hold"). A leaf module: the store and the web
 * read the names and wording from here through `@pipecraft/sync-engine/terms`.
 */
export const VALUE_POLICIES = {
  'nul-stripped': 'NUL characters (U+0000) stripped: the destination cannot store them in text',
  'zero-date-as-null': 'MySQL zero dates written as NULL',
  'negative-zero-as-zero': '-0 written as 0: the destination keeps no sign on zero',
  'json-float-special-as-string':
    'NaN/±Infinity array elements written as the JSON strings "NaN", "Infinity", "-Infinity"',
} as const;

export type ValuePolicy = keyof typeof VALUE_POLICIES;

/** One policy applied to one column during a run. */
export interface ValueWarning {
  column: string;
  policy: ValuePolicy;
  /** How many values it changed. */
  count: number;
  /** The primary key of the first row it changed (`id=7`), or `null` when the table has none. */
  sampleKey: string | null;
}

/** `Column "t": NUL characters (U+0000) stripped … (2 values, first at id=7)`. */
export function describeValueWarning(warning: ValueWarning): string {
  const values = `${warning.count} value${warning.count === 1 ? '' : 's'}`;
  const where = warning.sampleKey ? `, first at ${warning.sampleKey}` : '';
  return `Column "${warning.column}": ${VALUE_POLICIES[warning.policy]} (${values}${where})`;
}
