import path from 'node:path';

/** Which database PipeCraft keeps its own metadata in. */
export type StoreDialect = 'sqlite' | 'postgresql' | 'mysql';

/** Where the store lives, resolved from the one URL setting. */
export type StoreLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgresql' | 'mysql'; url: string };

/** File name of the embedded store inside the data directory. */
export const SQLITE_FILE = 'pipecraft.sqlite';

/**
 * `postgresql://…` / `mysql://…` pick a server; empty means the embedded SQLite file in `dataDir`.
 * Error messages name the scheme only, never the URL (it may carry a password).
 */
export function resolveStoreLocation(dataDir: string, url?: string | null): StoreLocation {
  const trimmed = url?.trim() ?? '';
  if (trimmed === '') {
    return { dialect: 'sqlite', file: path.join(dataDir, SQLITE_FILE) };
  }
  const scheme = /^([a-z0-9+]+):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return { dialect: 'postgresql', url: trimmed };
    case 'mysql':
    case 'mariadb':
      // MikroORM's MySQL driver speaks to MariaDB too; it only understands the mysql:// scheme.
      return { dialect: 'mysql', url: trimmed.replace(/^mariadb:/i, 'mysql:') };
    default:
      throw new Error(
        `The store URL must start with postgresql:// or mysql:// (got ${scheme ? `${scheme}://` : 'no scheme'}); leave it empty for SQLite.`,
      );
  }
}

/** A printable description of the location with any password removed. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.dialect === 'sqlite') return `sqlite:${location.file}`;
  try {
    const parsed = new URL(location.url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return `${location.dialect} (unparseable URL)`;
  }
}
