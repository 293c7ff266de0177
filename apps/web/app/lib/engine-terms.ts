import { useCallback } from 'react';
import type { DialectInfo, DialectName, WriteModeInfo, WriteModeName } from './trpc.js';
import { trpc } from './trpc.js';

/**
 * The engine's dialects and write modes, from `meta`: labels, default ports and descriptions live
 * in the engine, so a new dialect or write mode shows up here with no web edit. They cannot change
 * while the server runs, so they are fetched once per page load.
 */
const once = { staleTime: Infinity, gcTime: Infinity } as const;

export function useDialects() {
  return trpc.meta.dialects.useQuery(undefined, once);
}

export function useWriteModes() {
  return trpc.meta.writeModes.useQuery(undefined, once);
}

/** The label of a term, or its name while the list is loading (or for a name it does not know). */
export function labelOf(list: ReadonlyArray<DialectInfo | WriteModeInfo> | undefined, name: string): string {
  return list?.find((item) => item.name === name)?.label ?? name;
}

/** `dialectLabel('postgres')` → "PostgreSQL": the one way the UI names a dialect. */
export function useDialectLabel(): (dialect: DialectName) => string {
  const { data } = useDialects();
  return useCallback((dialect) => labelOf(data, dialect), [data]);
}

/** `writeModeLabel('full_refresh')` → "Full refresh". */
export function useWriteModeLabel(): (mode: WriteModeName) => string {
  const { data } = useWriteModes();
  return useCallback((mode) => labelOf(data, mode), [data]);
}

/** "PostgreSQL or MySQL / MariaDB": every dialect, for prose. */
export function useDialectList(): string {
  const { data } = useDialects();
  return new Intl.ListFormat('en', { type: 'disjunction' }).format((data ?? []).map((d) => d.label));
}
