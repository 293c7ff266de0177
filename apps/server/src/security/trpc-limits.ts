import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore } from 'express-rate-limit';

/** Procedures that open a connection to a user database: what a port scan through PipeCraft would call. */
const REACHES_DATABASE = [
  /^connections\.test(Draft)?$/,
  /^discovery\./,
  /^syncs\.preview$/,
  /^pipelines\.(preview|create)$/,
];

/** The procedure paths of a tRPC HTTP request (`/connections.test,discovery.tables?batch=1`). */
function proceduresOf(path: string): string[] {
  return decodeURIComponent(path.replace(/^\//, ''))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Refuses a batch of more than `max` calls (413) before any of them runs. */
export function batchCap(max: number): RequestHandler {
  return (req, res, next) => {
    const count = proceduresOf(req.path).length;
    if (count <= max) {
      next();
      return;
    }
    res.status(413).json({ error: { status: 413, message: `At most ${max} calls per batch request (got ${count}).` } });
  };
}

/** The procedures a `/trpc` request calls, from its path. */
export function trpcProceduresOf(req: Request): string[] {
  return proceduresOf(req.path);
}

/**
 * At most `limit` database-reaching calls per client IP and window, each call in a batch counted
 * (express-rate-limit's store keeps the counts). Over the limit: 429 with Retry-After, nothing run.
 * Returns a middleware factory: `/trpc` and `/api/v1` each say which procedures a request calls,
 * and share one budget per IP.
 */
export function databaseCallRateLimit(
  limit: number,
  windowMs = 60_000,
): (proceduresOfRequest: (req: Request) => string[], errorBody?: ErrorBody) => RequestHandler {
  const store = new MemoryStore();
  store.init({ windowMs } as Parameters<MemoryStore['init']>[0]);
  return (proceduresOfRequest, errorBody = plainErrorBody) =>
    async (req, res, next) => {
      const calls = proceduresOfRequest(req).filter((name) => REACHES_DATABASE.some((pattern) => pattern.test(name)));
      if (calls.length === 0) {
        next();
        return;
      }
      const key = ipKeyGenerator(req.ip ?? 'unknown');
      let hits = 0;
      let resetTime: Date | undefined;
      for (const _call of calls) ({ totalHits: hits, resetTime } = await store.increment(key));
      if (hits <= limit) {
        next();
        return;
      }
      const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
      res
        .status(429)
        .set('Retry-After', String(retryAfter))
        .json(
          errorBody(
            429,
            `Too many connection tests and database lookups (at most ${limit} a minute). Try again in ${retryAfter} s.`,
          ),
        );
    };
}

/** The JSON a refusal answers with; each API surface has its own error shape. */
export type ErrorBody = (status: number, message: string) => unknown;

const plainErrorBody: ErrorBody = (status, message) => ({ error: { status, message } });
