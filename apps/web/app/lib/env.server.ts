/**
 * The web app's configuration, read once on the server. The browser receives only what the root
 * loader hands it (never secrets).
 */
export interface WebEnv {
  /** Where the browser reaches the tRPC API. Default: same-origin `/trpc`. */
  apiUrl: string;
}

let cached: WebEnv | undefined;

export function getWebEnv(): WebEnv {
  if (cached) return cached;
  const raw = process.env.PIPECRAFT_API_URL?.trim();
  if (raw && !raw.startsWith('/') && !/^https?:\/\//.test(raw)) {
    throw new Error(`PIPECRAFT_API_URL must be an absolute http(s) URL or a path starting with "/", got "${raw}"`);
  }
  cached = { apiUrl: raw || '/trpc' };
  return cached;
}
