import type { ReactNode } from 'react';
import type { SortState } from '../lib/sort.js';

export interface SortableHeaderProps<K extends string> {
  column: K;
  sort: SortState<K>;
  onSort: (column: K) => void;
  children: ReactNode;
  className?: string;
}

/** A column header that sorts by its column: a button inside the `<th>`, with `aria-sort` saying how. */
export function SortableHeader<K extends string>({
  column,
  sort,
  onSort,
  children,
  className,
}: SortableHeaderProps<K>) {
  const active = sort.column === column;
  return (
    <th
      scope="col"
      className={`px-4 py-2.5 ${className ?? ''}`}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button
        type="button"
        onClick={() => onSort(column)}
        className="inline-flex items-center gap-1 rounded font-medium hover:text-slate-900"
      >
        {children}
        <span aria-hidden="true" className={active ? 'text-slate-700' : 'text-slate-300'}>
          {active && sort.direction === 'desc' ? '↓' : '↑'}
        </span>
      </button>
    </th>
  );
}
