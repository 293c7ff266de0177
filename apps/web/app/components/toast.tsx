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
  /** How long it still shows, in ms; counts down only while the user is not reading the stack. */
  remainingMs: number;
}

const TICK_MS = 250;

/** Errors stay longer: they usually need reading; one with a link gives time to follow it. */
function lifetimeMs(input: ToastInput): number {
  if (input.tone === 'error') return input.link ? 15_000 : 9000;
  return input.link ? 8000 : 5000;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

/** Confirms what just happened (saved, deleted, tested) without moving the user away. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  // Hovering or focusing a toast, or leaving the tab, stops the clock (WCAG 2.2.1: timing adjustable).
  const [held, setHeld] = useState(false);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback((input: ToastInput) => {
    const id = nextId.current++;
    setToasts((all) => [...all.slice(-3), { ...input, id, remainingMs: lifetimeMs(input) }]);
  }, []);
  const value = useMemo(() => push, [push]);
  const stack = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (toasts.length === 0 || held) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'hidden') return;
      setToasts((all) =>
        all.map((t) => ({ ...t, remainingMs: t.remainingMs - TICK_MS })).filter((t) => t.remainingMs > 0),
      );
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [toasts.length, held]);
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
        onPointerEnter={() => setHeld(true)}
        onPointerLeave={() => setHeld(false)}
        onFocus={() => setHeld(true)}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setHeld(false);
        }}
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
