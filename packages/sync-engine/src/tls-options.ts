import tls, { type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { ConnectionConfig } from './contract.js';

/**
 * Node TLS options for a connection's TLS mode, shared by both drivers (pg passes them to
 * `tls.connect`; mysql2 takes the same names). `null` for `disable`.
 *
 * The host checked by `verify-full` is always `config.host` — also through an SSH tunnel, where the
 * socket itself points at a local forwarder.
 */
export function tlsOptionsOf(config: ConnectionConfig): ConnectionOptions | null {
  const settings = config.tls;
  if (!settings || settings.mode === 'disable') return null;
  const options: ConnectionOptions = {
    ...(settings.caCert ? { ca: settings.caCert } : {}),
    ...(settings.clientCert ? { cert: settings.clientCert } : {}),
    ...(settings.clientKey ? { key: settings.clientKey } : {}),
  };
  switch (settings.mode) {
    case 'require':
      // Encrypt, authenticate nothing (libpq's `require`).
      return { ...options, rejectUnauthorized: false };
    case 'verify-ca':
      return { ...options, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return {
        ...options,
        rejectUnauthorized: true,
        ...(tlsServerName(config.host) ? { servername: config.host } : {}),
        checkServerIdentity: (_host: string, cert: PeerCertificate) => tls.checkServerIdentity(config.host, cert),
      };
  }
}

/** SNI must not carry an IP address (RFC 6066 §3). */
function tlsServerName(host: string): boolean {
  return !/^[\d.]+$/.test(host) && !host.includes(':');
}
