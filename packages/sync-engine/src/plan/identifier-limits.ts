import type { DialectCapabilities } from '../dialect.js';

/** A name the destination would refuse or store differently, as a preview mismatch. */
export interface IdentifierProblem {
  /** The name as the source spells it (a column, or the destination table). */
  name: string;
  problem: string;
}

type IdentifierRules = Pick<
  DialectCapabilities,
  | 'maxIdentifierLength'
  | 'identifierLengthUnit'
  | 'caseInsensitiveColumnNames'
  | 'identifierTrailingSpace'
  | 'identifierAstralCharacters'
>;

function lengthOf(name: string, unit: IdentifierRules['identifierLengthUnit']): number {
  return unit === 'bytes' ? Buffer.byteLength(name, 'utf8') : [...name].length;
}

/** What is wrong with one name at the destination, or `null` when it is stored exactly as spelled. */
function problemOf(name: string, rules: IdentifierRules, label: string): string | null {
  const length = lengthOf(name, rules.identifierLengthUnit);
  if (length > rules.maxIdentifierLength) {
    return `the name is ${length} ${rules.identifierLengthUnit} long; ${label} allows ${rules.maxIdentifierLength} (it would be cut or refused)`;
  }
  if (!rules.identifierTrailingSpace && / $/.test(name)) return `${label} does not allow a name ending with a space`;
  if (!rules.identifierAstralCharacters && /[\u{10000}-\u{10FFFF}]/u.test(name)) {
    return `${label} does not allow characters beyond U+FFFF (such as emoji) in names`;
  }
  return null;
}

/**
 * The one identifier check of the planner, driven by the destination's capabilities: length (in
 * the destination's unit), trailing spaces, characters the catalog cannot hold, and column names
 * that collide where names compare case-insensitively. Each problem becomes a preview mismatch, so
 * a name is never cut or folded silently and a run never finds out the hard way.
 */
export function identifierProblems(
  table: string,
  columns: readonly string[],
  rules: IdentifierRules,
  label: string,
): IdentifierProblem[] {
  const problems: IdentifierProblem[] = [];
  const tableProblem = problemOf(table, rules, label);
  if (tableProblem) problems.push({ name: table, problem: `destination table name: ${tableProblem}` });
  const seen = new Map<string, string>();
  for (const column of columns) {
    const problem = problemOf(column, rules, label);
    if (problem) problems.push({ name: column, problem });
    if (!rules.caseInsensitiveColumnNames) continue;
    // MySQL's catalog collation (utf8mb3_general_ci) ignores accents as well as case.
    const folded = column.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const first = seen.get(folded);
    if (first !== undefined) {
      problems.push({
        name: column,
        problem: `collides with column "${first}": ${label} compares column names without case or accents`,
      });
    } else seen.set(folded, column);
  }
  return problems;
}
