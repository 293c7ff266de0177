import type { Connection } from '@pipecraft/store';
import type { ConnectionDto } from '../schemas/connection.js';

/** Entity → DTO. The password never crosses: only whether one is stored. */
export function toConnectionDto(connection: Connection): ConnectionDto {
  return {
    id: connection.id,
    name: connection.name,
    dialect: connection.dialect,
    host: connection.host,
    port: connection.port,
    database: connection.database,
    username: connection.username,
    hasPassword: connection.passwordEncrypted !== null,
    tlsMode: connection.tlsMode,
    hasTlsCaCert: connection.tlsCaCertEncrypted !== null,
    hasTlsClientCert: connection.tlsClientCertEncrypted !== null,
    hasTlsClientKey: connection.tlsClientKeyEncrypted !== null,
    ssh:
      connection.sshHost === null
        ? null
        : {
            host: connection.sshHost,
            port: connection.sshPort ?? 22,
            user: connection.sshUser ?? '',
            hostKeyFingerprint: connection.sshHostKeyFingerprint ?? '',
            hasPrivateKey: connection.sshPrivateKeyEncrypted !== null,
            hasPassword: connection.sshPasswordEncrypted !== null,
          },
    isSource: connection.isSource,
    isDestination: connection.isDestination,
    listAllSchemas: connection.listAllSchemas,
    lastTest:
      connection.lastTestOk === null || connection.lastTestAt === null
        ? null
        : {
            ok: connection.lastTestOk,
            testedAt: connection.lastTestAt,
            ...(connection.lastTestServerVersion !== null ? { serverVersion: connection.lastTestServerVersion } : {}),
            ...(connection.lastTestLatencyMs !== null ? { latencyMs: connection.lastTestLatencyMs } : {}),
            ...(connection.lastTestCode !== null ? { code: connection.lastTestCode } : {}),
            ...(connection.lastTestMessage !== null ? { message: connection.lastTestMessage } : {}),
            stale: connection.settingsChangedAt !== null && connection.settingsChangedAt > connection.lastTestAt,
          },
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  };
}
