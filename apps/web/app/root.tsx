import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { AppShell } from './components/app-shell.js';
import { AuthGate } from './components/auth-gate.js';
import { appCodeOf, type AppErrorLike } from './lib/app-error.js';
import { GeneralErrorBoundary } from './components/error-boundary.js';
import { ToastProvider } from './components/toast.js';
import { getWebEnv } from './lib/env.server.js';
import { createTrpcClient, trpc } from './lib/trpc.js';
import { THEME_BOOT_SCRIPT } from './lib/theme.js';
import stylesheet from './tailwind.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [
  { title: 'PipeCraft' },
  { name: 'description', content: 'Keep a table in one database in sync with a table in another.' },
];

/**
 * Only configuration travels through loaders; data is fetched by the tRPC hooks in the browser.
 * `cspNonce` is this response's Content-Security-Policy nonce (set by the server), for Remix's
 * inline scripts; empty when no server sets one (`remix vite:dev`).
 */
export function loader({ context }: LoaderFunctionArgs) {
  const cspNonce = typeof context.cspNonce === 'string' ? context.cspNonce : '';
  return { apiUrl: getWebEnv().apiUrl, cspNonce };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useRouteLoaderData<typeof loader>('root')?.cspNonce || undefined;
  return (
    // The boot script sets `dark` on <html> before hydration; React must not fight it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>('root');
  const apiUrl = data?.apiUrl ?? '/trpc';
  const [queryClient] = useState(
    (): QueryClient =>
      new QueryClient({
        // A session that ended (expired, signed out elsewhere) sends the gate back to sign-in.
        queryCache: new QueryCache({ onError: (error) => recheckSession(error) }),
        mutationCache: new MutationCache({ onError: (error) => recheckSession(error) }),
        defaultOptions: {
          queries: {
            staleTime: 2_000,
            // A missing row or a refused request will not fix itself by retrying three times.
            retry: (failureCount, error) => failureCount < 1 && /fetch/i.test(error.message),
          },
        },
      }),
  );
  const [trpcClient] = useState(() => createTrpcClient(apiUrl));

  function recheckSession(error: unknown) {
    const code = appCodeOf(error as AppErrorLike);
    if (code === 'UNAUTHENTICATED' || code === 'SETUP_REQUIRED') {
      void queryClient.invalidateQueries({ queryKey: [['auth', 'status']] });
    }
  }

  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <AuthGate>
            <AppShell>
              <Outlet />
            </AppShell>
          </AuthGate>
        </ToastProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}

export function ErrorBoundary() {
  return (
    <AppShell>
      <GeneralErrorBoundary />
    </AppShell>
  );
}
