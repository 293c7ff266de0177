/**
 * Bench-only timing of every connect and statement the engine sends, by wrapping the two drivers'
 * prototypes in this process (nothing in `src/` knows). `trace()` returns the entries since the
 * last call; `printTrace()` prints them as a phase table. Import it before the engine runs.
 */
import pg from 'pg';
import mysql from 'mysql2';

export interface TraceEntry {
  /** ms since the trace started. */
  at: number;
  ms: number;
  what: string;
}

let origin = performance.now();
let entries: TraceEntry[] = [];

function record(started: number, what: string): void {
  entries.push({ at: started - origin, ms: performance.now() - started, what });
}

function textOf(query: unknown): string {
  if (typeof query === 'string') return query;
  const object = query as { text?: string; sql?: string; constructor?: { name?: string } } | null;
  if (object?.text) return object.text;
  if (object?.sql) return object.sql;
  // pg-copy-streams' CopyToQueryStream / CopyStreamQuery keep their statement here.
  const copy = query as { _query?: string; text?: string } | null;
  return copy?._query ?? object?.constructor?.name ?? '?';
}

const pgClient = pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
const pgQuery = pgClient.query!;
pgClient.query = function (this: unknown, ...args: unknown[]) {
  const started = performance.now();
  const result = pgQuery.apply(this, args);
  const what = `pg   ${textOf(args[0])}`;
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(
      () => record(started, what),
      () => record(started, `${what} (failed)`),
    );
  } else if (result && typeof (result as { on?: unknown }).on === 'function') {
    // A COPY stream: done when it ends (TO) or finishes (FROM).
    let done = false;
    const finish = () => {
      if (!done) record(started, what);
      done = true;
    };
    (result as NodeJS.EventEmitter).on('end', finish);
    (result as NodeJS.EventEmitter).on('finish', finish);
  }
  return result;
};
const pgConnect = pgClient.connect!;
pgClient.connect = function (this: unknown, ...args: unknown[]) {
  const started = performance.now();
  const result = pgConnect.apply(this, args) as Promise<unknown>;
  void result.then(
    () => record(started, 'pg   (connect)'),
    () => undefined,
  );
  return result;
};

const pgEnd = pgClient.end!;
pgClient.end = function (this: unknown, ...args: unknown[]) {
  const started = performance.now();
  const result = pgEnd.apply(this, args) as Promise<unknown> | undefined;
  void result?.then(
    () => record(started, 'pg   (end: until the server closed the socket)'),
    () => undefined,
  );
  return result;
};

const myConnection = (
  mysql as unknown as { Connection: { prototype: Record<string, (...args: unknown[]) => unknown> } }
).Connection.prototype;
const myQuery = myConnection.query!;
myConnection.query = function (this: unknown, ...args: unknown[]) {
  const started = performance.now();
  const what = `my   ${textOf(args[0])}`;
  const callbackAt = args.findIndex((arg) => typeof arg === 'function');
  if (callbackAt !== -1) {
    const callback = args[callbackAt] as (...results: unknown[]) => void;
    args[callbackAt] = (...results: unknown[]) => {
      record(started, what);
      callback(...results);
    };
    return myQuery.apply(this, args);
  }
  const result = myQuery.apply(this, args) as NodeJS.EventEmitter;
  result.on('end', () => record(started, what));
  return result;
};
const myConnect = myConnection.connect!;
myConnection.connect = function (this: unknown, ...args: unknown[]) {
  const started = performance.now();
  const callback = args[0] as ((error: unknown) => void) | undefined;
  return myConnect.call(this, (error: unknown) => {
    record(started, 'my   (connect)');
    callback?.(error);
  });
};

/** Start a new trace: entries recorded from now on, times relative to now. */
export function resetTrace(): void {
  origin = performance.now();
  entries = [];
}

export function trace(): TraceEntry[] {
  return [...entries].sort((a, b) => a.at - b.at);
}

/** One line per statement: start, duration, the statement's first 110 characters. */
export function printTrace(list: TraceEntry[] = trace()): void {
  for (const entry of list) {
    const text = entry.what.replace(/\s+/g, ' ').slice(0, 110);
    console.log(`${entry.at.toFixed(1).padStart(8)} ms ${entry.ms.toFixed(1).padStart(7)} ms  ${text}`);
  }
}
