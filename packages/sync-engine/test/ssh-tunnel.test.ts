import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSchemas, testConnection } from '../src/index.js';
import type { ConnectionConfig, SshTunnelConfig } from '../src/index.js';
import { sshFingerprint } from '../src/ssh-tunnel.js';
import { MY, PG } from './support/databases.js';
import { startSshd, type ThrowawaySshd } from './support/throwaway-servers.js';

let sshd: ThrowawaySshd;
beforeAll(async () => {
  sshd = await startSshd();
}, 60_000);
afterAll(async () => {
  await sshd?.stop();
});

const tunnel = (overrides: Partial<SshTunnelConfig> = {}): SshTunnelConfig => ({
  host: '127.0.0.1',
  port: sshd.port,
  user: sshd.user,
  privateKey: sshd.privateKey,
  hostKeyFingerprint: sshd.hostKeyFingerprint,
  ...overrides,
});

describe.each([
  ['postgres', PG],
  ['mysql', MY],
] as const)('%s through an SSH bastion (a local sshd the test starts)', (_dialect, base) => {
  it('connects through the tunnel, and the database sees the bastion as the client', async () => {
    const config: ConnectionConfig = { ...base, ssh: tunnel() };
    expect((await testConnection(config)).serverVersion).toBeTruthy();
    expect((await listSchemas(config)).length).toBeGreaterThan(0);
    // Each session opened its own tunnel and closed it afterwards: no SSH connection is left.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(establishedTo(sshd.port)).toBe(0);
  });

  it('refuses a bastion whose host key is not the pinned one, before logging in', async () => {
    const wrong = `SHA256:${'x'.repeat(43)}`;
    const error = await testConnection({ ...base, ssh: tunnel({ hostKeyFingerprint: wrong }) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'EngineError', code: 'SSH_FAILED' });
    expect((error as Error).message).toContain(
      `presented host key ${sshd.hostKeyFingerprint}, not the pinned ${wrong}`,
    );
  });

  it('reports a key the bastion does not accept', async () => {
    const error = await testConnection({
      ...base,
      ssh: tunnel({ privateKey: null, password: 'not-the-password' }),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SSH_FAILED' });
    expect((error as Error).message).toMatch(/SSH authentication failed for user/);
    expect((error as Error).message).not.toContain('not-the-password');
  });
});

/** Established TCP connections to a local port (from `ss`). */
function establishedTo(port: number): number {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.trim()).length;
}

describe('sshFingerprint', () => {
  it('matches ssh-keygen -l', () => {
    expect(sshFingerprint(Buffer.from('abc'))).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
