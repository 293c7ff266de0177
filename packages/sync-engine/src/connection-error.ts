import { connectTimeoutOf } from './connect-timeout.js';
import type { ConnectionConfig } from './contract.js';
import { EngineError, isEngineError } from './engine-error.js';

/** Driver errors carry `code`/`errno` as loose properties; read them without `any`. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Classify the network-level failures both drivers share. Returns `null` for anything
 * dialect-specific, which the dialect's own classifier handles.
 */
export function classifyNetworkError(error: unknown, config: ConnectionConfig): EngineError | null {
  if (isEngineError(error)) return error;
  const where = `${config.host}:${config.port}`;
  // AggregateError (happy-eyeballs on Node 20) hides the code on its members.
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const code = errorCode(inner) ?? errorCode(error);
  const message = errorMessage(error);
  if (code === 'ECONNREFUSED') {
    return new EngineError(
      'CONNECTION_REFUSED',
      `Connection refused by ${where} — is the server running and listening there?`,
      { cause: error },
    );
  }
  if (code === 'ETIMEDOUT' || code === 'ECONNTIMEOUT' || /timeout|timed out/i.test(message)) {
    return new EngineError(
      'CONNECTION_TIMEOUT',
      `No answer from ${where} within ${connectTimeoutOf(config)} ms — check the host, port and any firewall.`,
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new EngineError('HOST_NOT_FOUND', `Host "${config.host}" could not be resolved — check the host name.`, {
      cause: error,
    });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new EngineError(
      'CONNECTION_REFUSED',
      `Could not reach ${where} (${code}) — check the host and the network.`,
      { cause: error },
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new EngineError('ENGINE_ERROR', `The connection to ${where} was lost (${code}).`, { cause: error });
  }
  return null;
}

/** Certificate problems Node's TLS reports (`error.code`), worded for people. */
const TLS_PROBLEMS: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate does not chain to the configured CA',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it presents a self-signed certificate that is not the configured CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate does not chain to the configured CA',
  UNABLE_TO_GET_ISSUER_CERT: 'its certificate does not chain to the configured CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate does not chain to the configured CA',
  CERT_SIGNATURE_FAILURE: 'its certificate does not chain to the configured CA',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate does not name this host',
};

/** The same problems recognised by Node's message, for drivers that drop the code (mysql2). */
const TLS_PROBLEM_MESSAGES: Array<[RegExp, string, string]> = [
  [
    /self[- ]signed certificate in certificate chain/i,
    'SELF_SIGNED_CERT_IN_CHAIN',
    'its certificate does not chain to the configured CA',
  ],
  [
    /unable to verify the first certificate|unable to get (local )?issuer certificate|certificate signature failure/i,
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'its certificate does not chain to the configured CA',
  ],
  [
    /self[- ]signed certificate/i,
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'it presents a self-signed certificate that is not the configured CA',
  ],
  [/Hostname\/IP does not match|altnames/i, 'ERR_TLS_CERT_ALTNAME_INVALID', 'its certificate does not name this host'],
  [/certificate has expired/i, 'CERT_HAS_EXPIRED', 'its certificate has expired'],
];

/** TLS failures both drivers share (server without TLS, certificate rejected); `null` otherwise. */
export function classifyTlsError(error: unknown, config: ConnectionConfig): EngineError | null {
  if (!config.tls || config.tls.mode === 'disable') return null;
  const where = `${config.host}:${config.port}`;
  const code = errorCode(error);
  const message = errorMessage(error);
  const byMessage = TLS_PROBLEM_MESSAGES.find(([pattern]) => pattern.test(message));
  const problem = (code ? TLS_PROBLEMS[code] : undefined) ?? byMessage?.[2];
  if (problem) {
    const shownCode = code && TLS_PROBLEMS[code] ? code : byMessage?.[1];
    return new EngineError(
      'TLS_FAILED',
      `TLS (${config.tls.mode}) to ${where} failed: ${problem} (${shownCode}). Check the CA certificate and the host name.`,
      { cause: error },
    );
  }
  if (
    /does not support SSL|server does not allow insecure|SSL connection|HANDSHAKE_NO_SSL_SUPPORT/i.test(message) ||
    code === 'HANDSHAKE_NO_SSL_SUPPORT'
  ) {
    return new EngineError(
      'TLS_FAILED',
      `${where} does not accept TLS connections; set the TLS mode to "disable" or enable TLS on the server.`,
      {
        cause: error,
      },
    );
  }
  if (/certificate|ssl|tls/i.test(message) || (code && /^ERR_(SSL|TLS)_/.test(code))) {
    return new EngineError('TLS_FAILED', `TLS (${config.tls.mode}) to ${where} failed: ${redact(message, config)}`, {
      cause: error,
    });
  }
  return null;
}

/**
 * Remove the password from a driver message, in case a driver ever echoes it. Only whole-token
 * occurrences are replaced — never a run of letters inside a word — so a short password (`p`)
 * cannot turn "unexpectedly" into "unex***ectedly", which would also reveal where it occurs.
 */
export function redact(message: string, config: ConnectionConfig): string {
  const secrets = [config.password, config.ssh?.password, config.ssh?.passphrase].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length > 0,
  );
  return secrets.reduce((text, secret) => text.replace(wholeToken(secret), '***'), message);
}

function wholeToken(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A token boundary: no letter, digit or underscore on either side.
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'gu');
}

/** Race a connect attempt against `connectTimeoutMs`, so a server that accepts and never answers cannot hang us. */
export async function withConnectTimeout<T>(
  config: ConnectionConfig,
  attempt: Promise<T>,
  onTimeout: () => void,
): Promise<T> {
  const ms = connectTimeoutOf(config);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(
        new EngineError(
          'CONNECTION_TIMEOUT',
          `No answer from ${config.host}:${config.port} within ${ms} ms — check the host, port and any firewall.`,
        ),
      );
    }, ms);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
