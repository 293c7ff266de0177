import type { RouterInputs, RouterOutputs } from '@pipecraft/api';

type In = RouterInputs;
type Out = RouterOutputs;

/**
 * What the commands call, the same whether the API is a server over HTTP (`remote-api.ts`) or
 * the router in this process on the local store (`local-api.ts`). Inputs and outputs are the
 * router's own types; failures reject with an {@link ApiCallError}.
 */
export interface PipecraftApi {
  /** Printable: the server's URL or the store's location (never a password). */
  readonly description: string;
  /**
   * True when runs execute in this process (the local store): the process must stay until a
   * run ends, so `run` always waits.
   */
  readonly runsInProcess: boolean;
  connections: {
    list(): Promise<Out['connections']['list']>;
    create(input: In['connections']['create']): Promise<Out['connections']['create']>;
    update(input: In['connections']['update']): Promise<Out['connections']['update']>;
    delete(input: In['connections']['delete']): Promise<Out['connections']['delete']>;
  };
  syncs: {
    list(): Promise<Out['syncs']['list']>;
    create(input: In['syncs']['create']): Promise<Out['syncs']['create']>;
    update(input: In['syncs']['update']): Promise<Out['syncs']['update']>;
    delete(input: In['syncs']['delete']): Promise<Out['syncs']['delete']>;
  };
  runs: {
    start(input: In['runs']['start']): Promise<Out['runs']['start']>;
    get(input: In['runs']['get']): Promise<Out['runs']['get']>;
    list(input: In['runs']['list']): Promise<Out['runs']['list']>;
    recent(input: In['runs']['recent']): Promise<Out['runs']['recent']>;
  };
  /** Closes the store (local) — after letting in-process runs settle — or does nothing (remote). */
  close(): Promise<void>;
}

export type ConnectionDto = Out['connections']['list'][number];
export type SyncDto = Out['syncs']['list'][number];
export type RunDto = Out['runs']['get'];

/** A refused or failed API call, the same from either side: PipeCraft's code, its message, field errors. */
export class ApiCallError extends Error {
  readonly code: string;
  readonly fieldErrors: Record<string, string[]> | null;

  constructor(code: string, message: string, fieldErrors: Record<string, string[]> | null = null) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}
