import type { Connection, ConnectionSecretField, SecretBox } from '@pipecraft/store';
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
    password: open(connection, secrets, 'passwordEncrypted', 'password'),
    connectTimeoutMs,
    tls: {
      mode: connection.tlsMode,
      caCert: open(connection, secrets, 'tlsCaCertEncrypted', 'CA certificate'),
      clientCert: open(connection, secrets, 'tlsClientCertEncrypted', 'client certificate'),
      clientKey: open(connection, secrets, 'tlsClientKeyEncrypted', 'client key'),
    },
    ssh:
      connection.sshHost === null
        ? null
        : {
            host: connection.sshHost,
            port: connection.sshPort ?? 22,
            user: connection.sshUser ?? '',
            hostKeyFingerprint: connection.sshHostKeyFingerprint ?? '',
            privateKey: open(connection, secrets, 'sshPrivateKeyEncrypted', 'SSH private key'),
            passphrase: open(connection, secrets, 'sshPassphraseEncrypted', 'SSH key passphrase'),
            password: open(connection, secrets, 'sshPasswordEncrypted', 'SSH password'),
          },
  };
}

/** One sealed field, decrypted; a value that does not open is SECRET_UNREADABLE naming the field. */
function open(connection: Connection, secrets: SecretBox, field: ConnectionSecretField, what: string): string | null {
  const sealed = connection[field];
  if (sealed === null) return null;
  try {
    return secrets.decrypt(sealed);
  } catch (error) {
    throw new RunnerError(
      'SECRET_UNREADABLE',
      `The stored ${what} of connection "${connection.name}" cannot be decrypted (was the secret key changed?). Enter the ${what} again.`,
      { cause: error },
    );
  }
}
