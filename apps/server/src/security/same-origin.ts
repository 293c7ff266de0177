import type { RequestHandler } from 'express';

/**
 * Cross-site request rejection for the API, with or without sign-in: a state-changing request
 * (anything but GET/HEAD/OPTIONS) must be JSON — which a cross-site form or `no-cors` fetch cannot
 * send without a CORS preflight — and, when the browser says where it comes from (`Origin`,
 * `Sec-Fetch-Site`), come from this origin or one allowed by `PIPECRAFT_CORS_ORIGIN`.
 */
export function sameOriginMutations(corsOrigins: string[]): RequestHandler {
  const allowedOrigins = new Set(corsOrigins.map((origin) => origin.toLowerCase()));
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      next();
      return;
    }
    const refuse = (status: number, message: string) => res.status(status).json({ error: { status, message } });
    if (!req.is('application/json')) {
      refuse(415, 'API requests that change something must be sent as application/json.');
      return;
    }
    const origin = req.headers.origin?.toLowerCase();
    // An Origin header (browsers send one on every cross-origin and most same-origin POSTs) must be
    // this server as the browser addressed it, or an allowed origin. `null` (sandboxed frames,
    // file: pages) is never same-origin.
    if (origin !== undefined && !allowedOrigins.has(origin) && !sameHost(origin, req.headers.host)) {
      refuse(403, 'Cross-site request refused.');
      return;
    }
    const site = req.headers['sec-fetch-site'];
    if ((site === 'cross-site' || site === 'same-site') && !(origin && allowedOrigins.has(origin))) {
      refuse(403, 'Cross-site request refused.');
      return;
    }
    next();
  };
}

/** Whether `origin` names the host (and port) the request was sent to. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (origin === 'null' || !host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
