/**
 * Which hosts connections may point at: the `PIPECRAFT_CONNECTION_HOSTS` patterns (none = any
 * host) and Unix sockets (a host starting with `/`) only when allowed. Without this a connection
 * test is a way to probe the server's own network.
 */
export interface ConnectionTargetPolicy {
  /** Host patterns, `*` matching any run of characters (`*.db.internal`, `10.0.0.*`); empty = any host. */
  hostPatterns: string[];
  /** Allow a Unix socket directory as host (PostgreSQL). Default false. */
  allowUnixSockets: boolean;
}

export const DEFAULT_TARGET_POLICY: ConnectionTargetPolicy = { hostPatterns: [], allowUnixSockets: false };

/** Why `host` may not be used, in words for the host field; `null` when it may. */
export function targetProblem(host: string, policy: ConnectionTargetPolicy): string | null {
  if (host.startsWith('/')) {
    return policy.allowUnixSockets
      ? null
      : 'Unix sockets are not allowed as a host here (set PIPECRAFT_ALLOW_UNIX_SOCKETS=true to allow them).';
  }
  if (policy.hostPatterns.length === 0) return null;
  const name = host.toLowerCase();
  if (policy.hostPatterns.some((pattern) => patternToRegExp(pattern).test(name))) return null;
  return `This server only connects to hosts matching ${policy.hostPatterns.join(', ')}.`;
}

function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}
