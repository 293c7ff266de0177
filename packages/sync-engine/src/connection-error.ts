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

/** Remove the password from a driver message, in case a driver ever echoes it. */
export function redact(message: string, config: ConnectionConfig): string {
  return config.password ? message.split(config.password).join('***') : message;
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
