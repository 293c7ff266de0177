import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../apps/server');

export interface StartedServer {
  url: string;
  /** An admin API token, created after completing first-run setup over HTTP. */
  token: string;
  logs: () => string;
  stop: () => Promise<void>;
}

/** Starts the real PipeCraft server (apps/server) on a free port with a throw-away SQLite store. */
export async function startServer(): Promise<StartedServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pipecraft-client-test-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PIPECRAFT_DATA_DIR: dataDir, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const token = await setupAndCreateToken(url);
  return {
    url,
    token,
    logs: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The admin the test server is set up with. */
export const TEST_ADMIN = { email: 'admin@example.com', name: 'Admin', password: 'correct horse battery staple' };

/** What a person does once in the browser (setup page, Tokens page), done over HTTP. */
async function setupAndCreateToken(url: string): Promise<string> {
  const post = (procedure: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ json }),
    });
  const setup = await post('auth.setup', TEST_ADMIN);
  if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await post('tokens.create', { name: 'client-test', role: 'admin', expiresInDays: 1 }, { cookie });
  if (!created.ok) throw new Error(`token creation failed: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}
