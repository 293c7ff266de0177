import type { DialectName } from './trpc.js';

/** TLS modes as the API spells them (the engine's `TLS_MODES`). */
export type TlsModeName = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** What a pasted connection URL says; absent keys were not in the URL. */
export interface ParsedConnectionUrl {
  dialect: DialectName;
  host?: string;
  port?: string;
  database?: string;
  username?: string;
  password?: string;
  tlsMode?: TlsModeName;
}

const SCHEMES: Record<string, DialectName> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/** libpq's `sslmode` and MySQL's `ssl-mode` / `sslmode`, mapped to ours (`prefer` becomes `require`: never silently plain). */
const TLS_PARAMS: Record<string, TlsModeName> = {
  disable: 'disable',
  disabled: 'disable',
  allow: 'require',
  prefer: 'require',
  preferred: 'require',
  require: 'require',
  required: 'require',
  'verify-ca': 'verify-ca',
  verify_ca: 'verify-ca',
  'verify-full': 'verify-full',
  verify_identity: 'verify-full',
  true: 'require',
};

/**
 * Reads `postgresql://user:pass@host:5432/db?sslmode=verify-full` or `mysql://…?ssl-mode=REQUIRED`
 * into form fields. `null` when the text is not such a URL (then the form leaves everything as is).
 */
export function parseConnectionUrl(text: string): ParsedConnectionUrl | null {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  const dialect = scheme ? SCHEMES[scheme] : undefined;
  if (!dialect) return null;
  let url: URL;
  try {
    // URL parses special schemes only; as http the authority, path and query come out the same.
    url = new URL(`http://${trimmed.slice(trimmed.indexOf('://') + 3)}`);
  } catch {
    return null;
  }
  const parsed: ParsedConnectionUrl = { dialect };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host) parsed.host = decodeURIComponent(host);
  if (url.port) parsed.port = url.port;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) parsed.database = database;
  if (url.username) parsed.username = decodeURIComponent(url.username);
  if (url.password) parsed.password = decodeURIComponent(url.password);
  const tls = url.searchParams.get('sslmode') ?? url.searchParams.get('ssl-mode') ?? url.searchParams.get('ssl');
  const mode = tls ? TLS_PARAMS[tls.toLowerCase()] : undefined;
  if (mode) parsed.tlsMode = mode;
  return parsed;
}
