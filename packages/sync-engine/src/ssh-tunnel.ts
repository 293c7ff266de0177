import { createHash } from 'node:crypto';
import net from 'node:net';
import { Client, type ConnectConfig } from 'ssh2';
import { connectTimeoutOf } from './connect-timeout.js';
import type { ConnectionConfig } from './contract.js';
import { redact } from './connection-error.js';
import { EngineError } from './engine-error.js';

/** A local end of an SSH tunnel: connect here to reach the database through the bastion. */
export interface SshTunnel {
  host: string;
  port: number;
  /** Closes the local listener, every forwarded socket and the SSH connection. */
  close(): Promise<void>;
}

/** `SHA256:<base64 without padding>`, the form `ssh-keygen -l` prints. */
export function sshFingerprint(hostKey: Buffer): string {
  return `SHA256:${createHash('sha256').update(hostKey).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Opens the connection's SSH tunnel, when it has one (`null` otherwise): an SSH session to the
 * bastion whose host key must match the pinned fingerprint, and a listener on 127.0.0.1 (random
 * port) whose every socket is forwarded to `config.host:config.port` as the bastion sees them.
 * One tunnel per engine session; the session closes it.
 */
export async function openSshTunnel(config: ConnectionConfig): Promise<SshTunnel | null> {
  const ssh = config.ssh;
  if (!ssh) return null;
  const pinned = ssh.hostKeyFingerprint.replace(/=+$/, '');
  let presented: string | null = null;
  const client = new Client();
  const options: ConnectConfig = {
    host: ssh.host,
    port: ssh.port,
    username: ssh.user,
    readyTimeout: connectTimeoutOf(config),
    // The bastion proves it is the one pinned before any credential is sent.
    hostVerifier: (key: Buffer) => {
      presented = sshFingerprint(key);
      return presented === pinned;
    },
    ...(ssh.privateKey ? { privateKey: ssh.privateKey } : {}),
    ...(ssh.passphrase ? { passphrase: ssh.passphrase } : {}),
    ...(ssh.password ? { password: ssh.password } : {}),
    // No agent, no keyboard-interactive prompts: only what the connection holds.
    tryKeyboard: false,
  };
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', reject);
      client.connect(options);
    });
  } catch (error) {
    client.end();
    throw classifySshError(error, config, presented, pinned);
  }
  client.on('error', () => undefined);

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    client.forwardOut('127.0.0.1', 0, config.host, config.port, (error, channel) => {
      if (error) {
        socket.destroy();
        return;
      }
      channel.on('error', () => socket.destroy());
      socket.pipe(channel).pipe(socket);
      socket.on('close', () => channel.close());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  let closed = false;
  return {
    host: '127.0.0.1',
    port,
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.end();
    },
  };
}

function classifySshError(
  error: unknown,
  config: ConnectionConfig,
  presented: string | null,
  pinned: string,
): EngineError {
  const ssh = config.ssh!;
  const where = `${ssh.host}:${ssh.port}`;
  const message = redact(error instanceof Error ? error.message : String(error), config);
  const level = (error as { level?: unknown } | null)?.level;
  const code = (error as { code?: unknown } | null)?.code;
  if (presented !== null && presented !== pinned) {
    return new EngineError(
      'SSH_FAILED',
      `The SSH bastion ${where} presented host key ${presented}, not the pinned ${pinned}; PipeCraft did not log in. If the bastion's key really changed, update the fingerprint.`,
      { cause: error },
    );
  }
  if (level === 'client-authentication') {
    return new EngineError(
      'SSH_FAILED',
      `SSH authentication failed for user "${ssh.user}" on bastion ${where} — check the key or password.`,
      {
        cause: error,
      },
    );
  }
  if (code === 'ECONNREFUSED') {
    return new EngineError('SSH_FAILED', `Connection refused by SSH bastion ${where}.`, { cause: error });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new EngineError('SSH_FAILED', `SSH bastion host "${ssh.host}" could not be resolved.`, { cause: error });
  }
  if (/timed out|timeout/i.test(message)) {
    return new EngineError('SSH_FAILED', `No SSH answer from bastion ${where} within ${connectTimeoutOf(config)} ms.`, {
      cause: error,
    });
  }
  if (/privateKey|parse/i.test(message)) {
    return new EngineError(
      'SSH_FAILED',
      `The SSH private key could not be read (${message}) — is the passphrase right?`,
      {
        cause: error,
      },
    );
  }
  return new EngineError('SSH_FAILED', `SSH tunnel through ${where} failed: ${message}`, { cause: error });
}
