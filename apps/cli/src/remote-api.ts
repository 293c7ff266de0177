import { createPipecraftClient, isPipecraftError } from '@pipecraft/client';
import { ApiCallError, type PipecraftApi } from './api-port.js';

/** The API of a running server, through the typed client, authenticated with an API token. */
export function remoteApi(options: { url: string; token: string | undefined }): PipecraftApi {
  const client = createPipecraftClient({ url: options.url, ...(options.token ? { token: options.token } : {}) });
  const call = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      throw asApiCallError(error, options.url);
    });
  return {
    description: options.url,
    runsInProcess: false,
    connections: {
      list: () => call(client.connections.list.query()),
      create: (input) => call(client.connections.create.mutate(input)),
      update: (input) => call(client.connections.update.mutate(input)),
      delete: (input) => call(client.connections.delete.mutate(input)),
    },
    syncs: {
      list: () => call(client.syncs.list.query()),
      create: (input) => call(client.syncs.create.mutate(input)),
      update: (input) => call(client.syncs.update.mutate(input)),
      delete: (input) => call(client.syncs.delete.mutate(input)),
    },
    runs: {
      start: (input) => call(client.runs.start.mutate(input)),
      get: (input) => call(client.runs.get.query(input)),
      list: (input) => call(client.runs.list.query(input)),
      recent: (input) => call(client.runs.recent.query(input)),
    },
    close: async () => undefined,
  };
}

function asApiCallError(error: unknown, url: string): ApiCallError {
  if (isPipecraftError(error)) {
    const data = error.data as { appCode?: string; fieldErrors?: Record<string, string[]> | null } | undefined;
    // No `data`: the request never reached the router (refused connection, DNS, a proxy's page).
    if (!data) return new ApiCallError('UNREACHABLE', `Could not reach PipeCraft at ${url}: ${error.message}`);
    return new ApiCallError(data.appCode ?? 'ERROR', error.message, data.fieldErrors ?? null);
  }
  return new ApiCallError('UNREACHABLE', `Could not reach PipeCraft at ${url}: ${String(error)}`);
}
