import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export interface DataTableProps {
  /** The header row's `<th scope="col">` cells. */
  head: ReactNode;
  /** The body rows. */
  children: ReactNode;
  /** A caption for screen readers, when the table has no visible heading of its own. */
  caption?: string;
}

/**
 * The one look of every list table: quiet header, divided rows. On a narrow screen a wide table
 * scrolls sideways inside its frame, and says so: a fade on the edge with more to see, and a hint.
 * The frame is focusable, so the keyboard can scroll it too.
 */
export function DataTable({ head, children, caption }: DataTableProps) {
  const frame = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => {
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      const left = element.scrollLeft > 1;
      setMore((m) => (m.left === left && m.right === right ? m : { left, right }));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, []);

  const scrolls = more.left || more.right;
  return (
    <div className="relative">
      <div
        ref={frame}
        className="overflow-x-auto"
        // Only a frame that scrolls needs to take focus (axe: scrollable regions must be reachable).
        tabIndex={scrolls ? 0 : undefined}
        role={scrolls ? 'region' : undefined}
        aria-label={scrolls ? `${caption ?? 'Table'} (scrolls sideways)` : undefined}
      >
        <table className="w-full text-left text-sm">
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead className="border-b border-slate-200 bg-slate-50/60 text-xs font-medium text-slate-500">
            <tr>{head}</tr>
          </thead>
          <tbody className="divide-y divide-slate-100">{children}</tbody>
        </table>
      </div>
      {more.left ? (
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-y-0 left-0 w-6 bg-gradient-to-r from-slate-300/50 to-transparent"
        />
      ) : null}
      {more.right ? (
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-y-0 right-0 w-6 bg-gradient-to-l from-slate-300/50 to-transparent"
        />
      ) : null}
      {scrolls ? (
        <p aria-hidden="true" className="border-t border-slate-100 px-4 py-1.5 text-right text-xs text-slate-500">
          Scroll sideways for more {more.right ? '→' : '←'}
        </p>
      ) : null}
    </div>
  );
}
