import type { RequestHandler } from 'express';

/** Loopback names a local start answers to (any port): nothing a rebinding page can claim as its own. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The host names PipeCraft answers to: the configured public URL's, else the loopback names.
 * A DNS-rebinding page reaches us under *its* name, so its requests carry a Host we refuse.
 */
export function allowedHostsOf(publicUrl: string | undefined): string[] {
  return publicUrl ? [new URL(publicUrl).hostname.toLowerCase()] : LOOPBACK_HOSTS;
}

/** The host name of a Host header (`example.com:3000` → `example.com`, `[::1]:3000` → `[::1]`). */
function hostnameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '');
}

/** Refuses requests whose Host header is not allowed, with 421 and no detail. */
export function hostAllowlist(allowedHosts: string[]): RequestHandler {
  const allowed = new Set(allowedHosts.map((host) => host.toLowerCase()));
  return (req, res, next) => {
    const host = req.headers.host;
    if (host && allowed.has(hostnameOf(host))) {
      next();
      return;
    }
    res.status(421).json({
      error: {
        status: 421,
        message: 'This server does not answer to that host name. Set PIPECRAFT_PUBLIC_URL to the URL you use.',
      },
    });
  };
}
