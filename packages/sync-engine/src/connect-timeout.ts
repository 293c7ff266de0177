import type { ConnectionConfig } from './contract.js';

/**
 * How long connecting to a user database may take when the caller sets no `connectTimeoutMs`.
 * The one definition: the API's default and the docs point here.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The connect bound for `config`, in ms. */
export function connectTimeoutOf(config: ConnectionConfig): number {
  return config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
}
