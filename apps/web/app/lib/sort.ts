import { useMemo, useState } from 'react';

/** Names sort as people read them: "alpha" before "Beta", "t2" before "t10". */
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}

type SortDirection = 'asc' | 'desc';

/** What one sortable column compares by: text (case-insensitive) or a number (null last). */
export type SortKey<Row> = (row: Row) => string | number | null;

export interface SortState<K extends string> {
  column: K;
  direction: SortDirection;
}

/** Rows sorted by the chosen column; choosing the same column again flips the direction. */
export function useSorted<Row, K extends string>(rows: Row[], keys: Record<K, SortKey<Row>>, initial: NoInfer<K>) {
  const [sort, setSort] = useState<SortState<K>>({ column: initial, direction: 'asc' });
  const sorted = useMemo(() => {
    const key = keys[sort.column];
    const sign = sort.direction === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compareValues(key(a), key(b)));
  }, [rows, keys, sort]);
  const toggle = (column: K) =>
    setSort((s) => ({ column, direction: s.column === column && s.direction === 'asc' ? 'desc' : 'asc' }));
  return { sorted, sort, toggle };
}

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}
