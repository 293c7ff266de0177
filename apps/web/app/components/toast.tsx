import { Link } from '@remix-run/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export interface ToastInput {
  title: string;
  description?: string;
  tone?: 'success' | 'error' | 'info';
  /** Where to go to see more, e.g. the sync whose run just ended. */
  link?: { to: string; label: string } | undefined;
}

interface Toast extends ToastInput {
  id: number;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

/** Confirms what just happened (saved, deleted, tested) without moving the user away. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (input: ToastInput) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-3), { ...input, id }]);
      // Errors stay longer: they usually need reading; one with a link gives time to follow it.
      setTimeout(() => dismiss(id), input.tone === 'error' ? (input.link ? 15_000 : 9000) : input.link ? 8000 : 4500);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  const stack = useRef<HTMLDivElement>(null);
  // The page keeps room below its content as tall as the toasts, so no action stays hidden behind them.
  useEffect(() => {
    const element = stack.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      document.body.style.paddingBottom = toasts.length > 0 ? `${element.offsetHeight}px` : '';
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [toasts.length]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div
        ref={stack}
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-3 sm:items-end sm:p-6"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === 'error' ? 'alert' : 'status'}
            className={`pointer-events-auto w-full max-w-sm rounded-lg bg-surface p-3 shadow-lg ring-1 ${
              t.tone === 'error' ? 'ring-rose-200' : t.tone === 'success' ? 'ring-emerald-200' : 'ring-slate-200'
            }`}
          >
            <div className="flex items-start gap-3">
              <span
                aria-hidden="true"
                className={`mt-1.5 size-2 shrink-0 rounded-full ${
                  t.tone === 'error' ? 'bg-rose-500' : t.tone === 'success' ? 'bg-emerald-500' : 'bg-slate-400'
                }`}
              />
              <div className="min-w-0 flex-1 text-sm">
                <p className="font-medium text-slate-900">{t.title}</p>
                {t.description ? <p className="mt-0.5 break-words text-slate-600">{t.description}</p> : null}
                {t.link ? (
                  <Link
                    to={t.link.to}
                    onClick={() => dismiss(t.id)}
                    className="mt-1 inline-block font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                  >
                    {t.link.label}
                  </Link>
                ) : null}
              </div>
              <button
                type="button"
                onClick={() => dismiss(t.id)}
                className="rounded px-1.5 py-0.5 text-base leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-800"
                aria-label="Dismiss notification"
              >
                ×
              </button>
            </div>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): (toast: ToastInput) => void {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast must be used inside <ToastProvider>');
  return ctx;
}
