import { useLocation, useNavigate } from '@remix-run/react';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { SessionContext } from '../lib/session.js';
import { trpc } from '../lib/trpc.js';
import { ErrorNotice } from './error-notice.js';
import { LoadingState } from './spinner.js';

/** Pages reachable without being signed in. */
const OPEN_PAGES = ['/setup', '/sign-in'];

/**
 * Asks the API who is signed in and sends the browser where it belongs: the setup page until the
 * first admin exists, the sign-in page when nobody is signed in, the app otherwise.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const status = trpc.auth.status.useQuery(undefined, { staleTime: 60_000 });
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const data = status.data;
  const open = OPEN_PAGES.includes(pathname);
  let target: string | null = null;
  if (data?.setupRequired) target = pathname === '/setup' ? null : '/setup';
  else if (data && !data.user) target = pathname === '/sign-in' ? null : '/sign-in';
  else if (data?.user && open) target = '/';

  useEffect(() => {
    if (target) navigate(target, { replace: true });
  }, [target, navigate]);

  if (status.error)
    return <ErrorNotice title="Could not reach PipeCraft" error={status.error} onRetry={() => void status.refetch()} />;
  if (!data || target) return <LoadingState label="Loading…" />;
  return <SessionContext.Provider value={data.user}>{children}</SessionContext.Provider>;
}
