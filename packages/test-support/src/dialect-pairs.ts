import { TEST_DIALECTS, type TestDialect } from './databases.js';
import { testEnv } from './env.js';

/** A source → destination combination, as `describe.each` takes it. */
export type DialectPair = readonly [from: TestDialect, to: TestDialect];

export const ALL_DIALECT_PAIRS: readonly DialectPair[] = TEST_DIALECTS.flatMap((from) =>
  TEST_DIALECTS.map((to) => [from, to] as const),
);

/**
 * Parses `postgres>mysql,mysql>mysql` into pairs; empty means every pair. An unknown dialect or a
 * malformed entry throws, naming it, rather than silently running nothing.
 */
export function parseDialectPairs(spec: string | undefined): DialectPair[] {
  if (!spec?.trim()) return [...ALL_DIALECT_PAIRS];
  return spec.split(',').map((entry) => {
    const parts = entry
      .trim()
      .split('>')
      .map((part) => part.trim());
    const [from, to] = parts;
    const known = (name: string | undefined): name is TestDialect => TEST_DIALECTS.includes(name as TestDialect);
    if (parts.length !== 2 || !known(from) || !known(to)) {
      throw new Error(
        `PIPECRAFT_TEST_PAIRS: "${entry}" is not <dialect>><dialect> with dialects ${TEST_DIALECTS.join(', ')}`,
      );
    }
    return [from, to] as const;
  });
}

/** The pairs the cross-dialect suites loop over: every pair, or those `PIPECRAFT_TEST_PAIRS` names. */
export const DIALECT_PAIRS: readonly DialectPair[] = parseDialectPairs(testEnv('PIPECRAFT_TEST_PAIRS'));

/** The dialects that appear in the selected pairs (for suites that loop over one dialect at a time). */
export const SELECTED_DIALECTS: readonly TestDialect[] = TEST_DIALECTS.filter((dialect) =>
  DIALECT_PAIRS.some((pair) => pair.includes(dialect)),
);
