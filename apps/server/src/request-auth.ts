import type { Request, Response } from 'express';
import type { RequestInfo } from '@pipecraft/api';

/** The session cookie's name. */
const SESSION_COOKIE = 'pc_session';

/**
 * What the API needs to know about an HTTP request: the caller's address and credentials (the
 * session cookie, or `Authorization: Bearer <token>`), and a way to set or clear the cookie.
 * The cookie is HttpOnly and SameSite=Lax, and Secure when the request came over https (behind a
 * proxy, set Express's `trust proxy` so `req.secure` sees the original scheme).
 */
export function requestInfo(req: Request, res: Response): RequestInfo {
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' } as const;
  return {
    ip: req.ip ?? null,
    userAgent: req.get('user-agent') ?? null,
    credentials: { sessionSecret: readCookie(req, SESSION_COOKIE), bearerToken: readBearer(req) },
    sessionCookie: {
      set: (secret, expiresAt) => res.cookie(SESSION_COOKIE, secret, { ...cookieOptions, expires: expiresAt }),
      clear: () => res.clearCookie(SESSION_COOKIE, cookieOptions),
    },
  };
}

function readBearer(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/** One cookie's value from the Cookie header (RFC 6265 syntax; our values need no decoding). */
function readCookie(req: Request, name: string): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
