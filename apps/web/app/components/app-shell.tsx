import { Link, NavLink, useLocation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { ACCESS, roleAllows } from '@pipecraft/api/access';
import { useSessionUser } from '../lib/session.js';
import { RunEndToasts } from './run-end-toasts.js';
import { ThemeToggle } from './theme-toggle.js';
import { UserMenu } from './user-menu.js';

/** Each link shows only to those who may call the procedure its page is built on. */
const links = [
  { to: '/', label: 'Overview', end: true, needs: 'syncs.list' },
  { to: '/connections', label: 'Connections', end: false, needs: 'connections.list' },
  { to: '/syncs', label: 'Syncs', end: false, needs: 'syncs.list' },
  { to: '/runs', label: 'Runs', end: false, needs: 'runs.list' },
  { to: '/users', label: 'Users', end: false, needs: 'users.list' },
  { to: '/tokens', label: 'Tokens', end: false, needs: 'tokens.list' },
  { to: '/audit', label: 'Audit log', end: false, needs: 'audit.list' },
  { to: '/webhooks', label: 'Webhooks', end: false, needs: 'webhooks.list' },
  { to: '/workers', label: 'Workers', end: false, needs: 'workers.list' },
];

export function AppShell({ children }: { children: ReactNode }) {
  const user = useSessionUser();
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // On a phone the nav row scrolls: keep the current page's link in view.
  useEffect(() => {
    // Sideways only: scrollIntoView could also move the page, against scroll restoration.
    const row = nav.current;
    const current = row?.querySelector<HTMLElement>('[aria-current="page"]');
    if (row && current) row.scrollLeft = Math.max(0, current.offsetLeft - row.offsetLeft - 16);
  }, [pathname]);
  const visible = links.filter((link) => {
    const access = ACCESS[link.needs];
    return user !== null && access !== undefined && (access === 'public' || roleAllows(user.role, access));
  });
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-surface">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3 sm:px-6">
          <Link to="/" className="flex items-center gap-2 text-slate-900">
            <Logo />
            <span className="text-base font-semibold tracking-tight">PipeCraft</span>
          </Link>
          {/* On a phone the links get a row of their own (last), scrolling sideways with a fade as the cue. */}
          <nav
            ref={nav}
            aria-label="Main"
            className="-mx-1 order-last flex w-full items-center gap-1 overflow-x-auto pr-10 sm:pr-0 [mask-image:linear-gradient(to_right,black_85%,transparent)] [scrollbar-width:none] sm:order-none sm:w-auto sm:[mask-image:none]"
          >
            {visible.map((link) => (
              <NavLink
                key={link.to}
                to={link.to}
                end={link.end}
                className={({ isActive }) =>
                  `shrink-0 rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
                    isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'
                  }`
                }
              >
                {link.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            <UserMenu />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
      {user ? <RunEndToasts /> : null}
    </div>
  );
}

function Logo() {
  return (
    <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-indigo-600" />
      <path d="M8 11h9a4 4 0 0 1 0 8h-2" fill="none" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
      <path d="M24 21h-9" fill="none" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
      <circle cx="8" cy="11" r="2" className="fill-indigo-200" />
      <circle cx="24" cy="21" r="2" className="fill-emerald-300" />
    </svg>
  );
}
