import { freePort } from '@pipecraft/test-support';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Throwaway servers for the TLS and SSH tests: their own CA, their own PostgreSQL and MariaDB
 * with TLS on, their own sshd, each in a temp dir on a free port — the shared servers stay as
 * they are. Needs openssl, PostgreSQL 15's binaries, mariadbd and sshd (scripts/ensure-services.sh).
 */

export interface TestPki {
  dir: string;
  /** PEM of the CA that signed the server certificate. */
  ca: string;
  /** PEM of an unrelated CA. */
  wrongCa: string;
  serverCertFile: string;
  serverKeyFile: string;
  caFile: string;
}

/** A CA, a server certificate for localhost/127.0.0.1 signed by it, and an unrelated CA. */
export async function makePki(): Promise<TestPki> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-pki-'));
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  for (const ca of ['ca', 'wrong-ca']) {
    await openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=PipeCraft test ${ca}`,
      '-keyout',
      f(`${ca}.key`),
      '-out',
      f(`${ca}.crt`),
    );
  }
  await writeFile(f('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f('san.ext'),
    '-out',
    f('server.crt'),
  );
  await chmod(f('server.key'), 0o600);
  return {
    dir,
    ca: await readFile(f('ca.crt'), 'utf8'),
    wrongCa: await readFile(f('wrong-ca.crt'), 'utf8'),
    serverCertFile: f('server.crt'),
    serverKeyFile: f('server.key'),
    caFile: f('ca.crt'),
  };
}

export interface ThrowawayServer {
  port: number;
  stop(): Promise<void>;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * PostgreSQL with ssl=on. pg_hba: TLS connections as `postgres` are trusted; `pc_clear` must give
 * its password in cleartext (`password` method) — over TLS or, to show the refusal, without.
 */
export async function startTlsPostgres(pki: TestPki, clearPassword: string): Promise<ThrowawayServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-pg-tls-'));
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', command, ...args]);
  await chown(dir, ...(await idsOf('postgres')));
  const data = path.join(dir, 'data');
  await asPostgres(`${PG_BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  // The server refuses a key file others can read: give it its own copy.
  for (const file of ['server.crt', 'server.key']) {
    await writeFile(path.join(data, file), await readFile(path.join(pki.dir, file)));
    await chown(path.join(data, file), ...(await idsOf('postgres')));
    await chmod(path.join(data, file), 0o600);
  }
  await writeFile(
    path.join(data, 'pg_hba.conf'),
    [
      'local all all trust',
      'hostssl all pc_clear 127.0.0.0/8 password',
      'hostnossl all pc_clear 127.0.0.0/8 password',
      'hostssl all all 127.0.0.0/8 trust',
    ].join('\n') + '\n',
  );
  await asPostgres(`${PG_BIN}/pg_ctl`, [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-t',
    '30',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1,127.0.0.2 -c ssl=on -c password_encryption=scram-sha-256`,
  ]);
  await asPostgres(`${PG_BIN}/psql`, [
    '-h',
    dir,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `CREATE ROLE pc_clear LOGIN PASSWORD '${clearPassword}'`,
  ]);
  return {
    port,
    async stop() {
      await asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** MariaDB with TLS; user `pc_tls` (password given) may log in only over TLS. */
export async function startTlsMariadb(pki: TestPki, password: string): Promise<ThrowawayServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-my-tls-'));
  const port = await freePort();
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  await run(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
    {
      timeout: 120_000,
    },
  );
  const child: ChildProcess = spawn(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1,127.0.0.2',
      '--user=root',
      '--skip-name-resolve',
      `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      `--ssl-ca=${pki.caFile}`,
      `--ssl-cert=${pki.serverCertFile}`,
      `--ssl-key=${pki.serverKeyFile}`,
      '--innodb-buffer-pool-size=16M',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await run('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', 'SELECT 1']);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await run('mariadb', [
    '--no-defaults',
    `--socket=${socket}`,
    '-uroot',
    '-e',
    `CREATE USER 'pc_tls'@'%' IDENTIFIED BY '${password}' REQUIRE SSL; GRANT ALL ON *.* TO 'pc_tls'@'%'; CREATE DATABASE pc_tls_db;`,
  ]);
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function idsOf(user: string): Promise<[number, number]> {
  const { stdout: uid } = await run('id', ['-u', user]);
  const { stdout: gid } = await run('id', ['-g', user]);
  return [Number(uid.trim()), Number(gid.trim())];
}

export interface ThrowawaySshd extends ThrowawayServer {
  user: string;
  /** OpenSSH private key authorised to log in. */
  privateKey: string;
  /** The host key's fingerprint as `ssh-keygen -l` prints it. */
  hostKeyFingerprint: string;
}

/** An sshd of our own on a free port: a fresh host key, one authorised client key, TCP forwarding on. */
export async function startSshd(): Promise<ThrowawaySshd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-sshd-'));
  const port = await freePort();
  const f = (name: string) => path.join(dir, name);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pc-test-host', '-f', f('host_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pc-test-client', '-f', f('client_key')]);
  await writeFile(f('authorized_keys'), await readFile(f('client_key.pub')));
  await chmod(f('authorized_keys'), 0o600);
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', f('host_key.pub')]);
  const hostKeyFingerprint = stdout.split(' ')[1]!;
  await writeFile(
    f('sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${f('host_key')}`,
      `AuthorizedKeysFile ${f('authorized_keys')}`,
      `PidFile ${f('sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AllowTcpForwarding yes',
      'StrictModes no',
      'UsePAM no',
    ].join('\n') + '\n',
  );
  // sshd needs its privilege-separation directory (made by the service scripts we do not run).
  await run('mkdir', ['-p', '/run/sshd']);
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', f('sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sshd did not start: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { stdout: user } = await run('id', ['-un']);
  return {
    port,
    user: user.trim(),
    privateKey: await readFile(f('client_key'), 'utf8'),
    hostKeyFingerprint,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
