/** Levels, quietest last; `silent` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Extra structured fields for one line; secrets in them are redacted before writing. */
export type LogFields = Record<string, unknown>;

/** A tiny structured logger. Every line passes through `redact`, so no password reaches a log. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
  /** Where a finished line goes. Default: stdout (stderr for warn/error). Tests capture it here. */
  write?: (line: string, level: Exclude<LogLevel, 'silent'>) => void;
}

const REDACTED = '[redacted]';
/** Keys whose values are secrets whatever they contain. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|private[-_]?key|^key$/i;
/** `scheme://user:password@host` → keep the user, drop the password. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):([^@/\s]*)@/gi;
/** `password=…`, `pwd: …` in free text (driver messages, connection strings). */
const INLINE_SECRET = /\b(password|passwd|pwd|secret)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi;

/** A copy of `value` with secrets removed: by key name, in URLs, and in `password=` text. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redactText(value.message),
      ...(code !== undefined ? { code } : {}),
      ...(value.stack ? { stack: redactText(value.stack) } : {}),
      ...(value.cause !== undefined ? { cause: redact(value.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && inner != null ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}

function redactText(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1:${REDACTED}@`).replace(INLINE_SECRET, `$1$2${REDACTED}`);
}

/** A JSON-lines logger with redaction. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write =
    options.write ??
    ((line, level) => (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(`${line}\n`));
  const log = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const body = fields ? (redact(fields) as LogFields) : {};
    write(JSON.stringify({ time: new Date().toISOString(), level, msg: redactText(message), ...body }), level);
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
