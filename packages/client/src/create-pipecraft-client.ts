import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from './router.js';
import superjson from 'superjson';

export interface PipecraftClientOptions {
  /**
   * Where the PipeCraft server mounts its router, e.g. `http://localhost:3000/trpc`.
   * A bare origin (`http://localhost:3000`) gets `/trpc` appended.
   */
  url: string;
  /**
   * An API token (`pct_…`, created by an admin in the web's Tokens page or with `tokens.create`),
   * sent as `Authorization: Bearer <token>`. It acts with the role it was created for.
   */
  token?: string;
  /** Extra headers sent with every request (e.g. an auth header added by a proxy in front of PipeCraft). */
  headers?: Record<string, string>;
  /** A `fetch` implementation; defaults to the global one (Node ≥ 18, browsers). */
  fetch?: typeof globalThis.fetch;
}

/** The fully typed client: `client.connections.list.query()`, `client.runs.start.mutate({ syncId })`, … */
export type PipecraftClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/**
 * Creates a typed tRPC client for a running PipeCraft server.
 *
 * Only the router's *type* is imported, so this package pulls in no server code at run time.
 */
export function createPipecraftClient(options: PipecraftClientOptions): PipecraftClient {
  const headers = {
    ...options.headers,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: normaliseUrl(options.url),
        // superjson must match the server's transformer: Dates and bigints survive the trip.
        transformer: superjson,
        headers: () => headers,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

function normaliseUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return new URL(trimmed).pathname === '/' ? `${trimmed}/trpc` : trimmed;
}

/** The error type every failed call rejects with; `error.data?.appCode` holds PipeCraft's stable code. */
export { TRPCClientError };

/** Narrows an unknown error to a PipeCraft API error. */
export function isPipecraftError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
