import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { configFileSchema, type ConfigFile } from './config-schema.js';

/** One problem in a configuration file, where a person can find it. */
export interface FileProblem {
  line: number;
  column: number;
  /** The field's path, e.g. `syncs[1].source.table`; empty for the file as a whole. */
  field: string;
  message: string;
}

/** Thrown when a file cannot be applied; its message lists every problem as `file:line:column field: message`. */
export class ConfigFileError extends Error {
  readonly problems: FileProblem[];

  constructor(fileName: string, problems: FileProblem[]) {
    super(
      [
        `${fileName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed:`,
        ...problems.map((p) => `  ${fileName}:${p.line}:${p.column} ${p.field ? `${p.field}: ` : ''}${p.message}`),
      ].join('\n'),
    );
    this.name = 'ConfigFileError';
    this.problems = problems;
  }
}

type Path = ReadonlyArray<string | number>;

/**
 * Parses and validates a configuration file, then resolves its `${VARIABLE}` references from
 * `variables`. Any problem — YAML syntax, a field, an unset variable — throws a ConfigFileError
 * naming the line, the column and the field, before anything is changed.
 */
export function readConfigFile(
  text: string,
  fileName: string,
  variables: Readonly<Record<string, string | undefined>>,
): ConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(
      fileName,
      doc.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return { line: at.line, column: at.col, field: '', message: firstLine(error.message) };
      }),
    );
  }
  const locate = (path: Path): { line: number; column: number } => {
    const offset = offsetOf(doc, path);
    const at = lineCounter.linePos(offset);
    return { line: at.line, column: at.col };
  };
  const parsed = configFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new ConfigFileError(
      fileName,
      parsed.error.issues
        .map((issue) => ({
          ...locate(issue.path),
          field: fieldName(issue.path),
          message:
            issue.code === 'unrecognized_keys'
              ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
              : issue.message,
        }))
        .sort((a, b) => a.line - b.line || a.column - b.column),
    );
  }
  const problems: FileProblem[] = [];
  const resolved = resolveVariables(parsed.data, [], variables, (path, name) =>
    problems.push({ ...locate(path), field: fieldName(path), message: `environment variable ${name} is not set` }),
  ) as ConfigFile;
  if (problems.length > 0) throw new ConfigFileError(fileName, problems);
  return resolved;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${NAME}` in every string with the variable's value (`$${` stays a literal `${`). */
function resolveVariables(
  value: unknown,
  path: Path,
  variables: Readonly<Record<string, string | undefined>>,
  missing: (path: Path, name: string) => void,
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (match, name: string | undefined) => {
      if (name === undefined) return '${';
      const found = variables[name];
      if (found === undefined) missing(path, name);
      return found ?? match;
    });
  }
  if (Array.isArray(value))
    return value.map((item, index) => resolveVariables(item, [...path, index], variables, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveVariables(item, [...path, key], variables, missing)]),
    );
  }
  return value;
}

/**
 * Where the value at `path` starts; for a field that is missing, where its nearest parent starts
 * (the object the field belongs in).
 */
function offsetOf(doc: Document, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** `['syncs', 1, 'source', 'table']` → `syncs[1].source.table`. */
function fieldName(path: Path): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
