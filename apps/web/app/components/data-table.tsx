import type { ReactNode } from 'react';

export interface DataTableProps {
  /** The header row's `<th scope="col">` cells. */
  head: ReactNode;
  /** The body rows. */
  children: ReactNode;
  /** A caption for screen readers, when the table has no visible heading of its own. */
  caption?: string;
}

/** The one look of every list table: scrolls sideways on narrow screens, quiet header, divided rows. */
export function DataTable({ head, children, caption }: DataTableProps) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="border-b border-slate-200 bg-slate-50/60 text-xs font-medium text-slate-500">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
