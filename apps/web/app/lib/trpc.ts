import { httpBatchLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import type { AppRouter } from '@pipecraft/api';

/**
 * The typed tRPC hooks for the whole UI. Only the router's *type* comes from `@pipecraft/api`;
 * nothing of the server's runtime reaches the browser bundle.
 */
export const trpc = createTRPCReact<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type ConnectionDto = RouterOutputs['connections']['list'][number];
export type SyncDto = RouterOutputs['syncs']['list'][number];
export type RunDto = RouterOutputs['runs']['get'];
export type SyncPlan = RouterOutputs['syncs']['preview'];

/**
 * Builds the browser's tRPC client. `apiUrl` comes from the root loader (env `PIPECRAFT_API_URL`,
 * default same-origin `/trpc`), so one build can talk to an API served elsewhere.
 */
export function createTrpcClient(apiUrl: string) {
  return trpc.createClient({
    links: [httpBatchLink({ url: apiUrl, transformer: superjson })],
  });
}
