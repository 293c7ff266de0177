import type { Connection, SecretBox } from '@pipecraft/store';
import type { ConnectionConfig } from '@pipecraft/sync-engine';
import { RunnerError } from './runner-error.js';

/**
 * What the engine needs to reach a saved connection, with the password decrypted just now.
 * `connectTimeoutMs` undefined leaves the engine's default. Shared by the runner and the API's
 * connection tests, discovery and previews: one way from a stored Connection to the engine.
 */
export function toEngineConfig(
  connection: Connection,
  secrets: SecretBox,
  connectTimeoutMs: number | undefined,
): ConnectionConfig {
  return {
    dialect: connection.dialect,
    host: connection.host,
    port: connection.port,
    database: connection.database,
    user: connection.username,
    password: decryptPassword(connection, secrets),
    connectTimeoutMs,
  };
}

function decryptPassword(connection: Connection, secrets: SecretBox): string | null {
  if (connection.passwordEncrypted === null) return null;
  try {
    return secrets.decrypt(connection.passwordEncrypted);
  } catch (error) {
    throw new RunnerError(
      'SECRET_UNREADABLE',
      `The stored password of connection "${connection.name}" cannot be decrypted (was the secret key changed?). Enter the password again.`,
      { cause: error },
    );
  }
}
