import { useId } from 'react';
import type { ReactNode } from 'react';

/** A white panel; with a title it becomes a labelled region, so it can be found by its name. */
export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={title ? headingId : undefined}
      className={`rounded-xl bg-surface shadow-sm ring-1 ring-slate-200 ${className ?? ''}`}
    >
      {title || actions ? (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3 sm:px-5">
          {title ? (
            <h2 id={headingId} className="text-sm font-semibold text-slate-900">
              {title}
            </h2>
          ) : (
            <span />
          )}
          {actions}
        </header>
      ) : null}
      {children}
    </section>
  );
}
