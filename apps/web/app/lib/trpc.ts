import { httpBatchLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import superjson from 'superjson';
import type { AppRouter, RouterInputs, RouterOutputs } from '@pipecraft/api';

/**
 * The typed tRPC hooks for the whole UI. Only the router's *type* comes from `@pipecraft/api`;
 * nothing of the server's runtime reaches the browser bundle.
 */
export const trpc = createTRPCReact<AppRouter>();

export type { RouterInputs, RouterOutputs };

export type ConnectionDto = RouterOutputs['connections']['list'][number];
export type SyncDto = RouterOutputs['syncs']['list'][number];
export type RunDto = RouterOutputs['runs']['get'];
export type SyncPlan = RouterOutputs['syncs']['preview'];
export type PipelinePreview = RouterOutputs['pipelines']['preview'];
export type DialectInfo = RouterOutputs['meta']['dialects'][number];
export type WriteModeInfo = RouterOutputs['meta']['writeModes'][number];

/** The engine's terms as the router types them; the web never spells out the lists itself. */
export type DialectName = DialectInfo['name'];
export type WriteModeName = WriteModeInfo['name'];
export type RunStatus = RunDto['status'];

/**
 * Builds the browser's tRPC client. `apiUrl` comes from the root loader (env `PIPECRAFT_API_URL`,
 * default same-origin `/trpc`), so one build can talk to an API served elsewhere.
 */
export function createTrpcClient(apiUrl: string) {
  return trpc.createClient({
    links: [httpBatchLink({ url: apiUrl, transformer: superjson })],
  });
}
