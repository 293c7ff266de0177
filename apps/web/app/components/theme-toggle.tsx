import { useEffect, useState } from 'react';
import { applyThemeChoice, isDark, readThemeChoice, type ThemeChoice } from '../lib/theme.js';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Cycles system → light → dark; the label says what is in effect now and what a press does. */
export function ThemeToggle() {
  // Server render: "system"; the real choice arrives after hydration (the class is already right).
  const [choice, setChoice] = useState<ThemeChoice>('system');
  useEffect(() => setChoice(readThemeChoice()), []);
  useEffect(() => {
    if (choice !== 'system') return;
    // Following the system means following its changes, too.
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => document.documentElement.classList.toggle('dark', isDark('system'));
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, [choice]);

  const next = NEXT[choice];
  return (
    <button
      type="button"
      onClick={() => {
        applyThemeChoice(next);
        setChoice(next);
      }}
      className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-xs font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      aria-label={`Theme: ${LABEL[choice]}. Switch to ${LABEL[next]}`}
      title={`Theme: ${LABEL[choice]} (press for ${LABEL[next]})`}
      data-theme-choice={choice}
    >
      <svg viewBox="0 0 20 20" className="size-4" aria-hidden="true">
        <circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10 3a7 7 0 0 1 0 14z" fill="currentColor" />
      </svg>
      <span>{LABEL[choice]}</span>
    </button>
  );
}
