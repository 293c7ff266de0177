/**
 * What the fault and load scripts share: the real server (apps/server) as a child process they may
 * SIGKILL, and a small tRPC-over-HTTP caller (superjson's `{"json": …}` envelope; plain JSON values
 * only, so no superjson dependency). Not a test: run by hand, see docs/testing.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, TEST_SERVERS, type TestDialect } from '@pipecraft/test-support';

const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/server');

export interface BenchServer {
  child: ChildProcess;
  pid: number;
  url: string;
  exited: Promise<number | null>;
  output(): string;
}

/**
 * Starts `node --import tsx src/main.ts` directly (not through the `tsx` CLI, which runs the server
 * in a grandchild a SIGKILL would not reach) and waits for "listening on".
 */
export async function startBenchServer(env: Record<string, string>, timeoutMs = 90_000): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_ROOT,
    env: childEnv({ HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'test', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
    if (url) return { child, pid: child.pid ?? 0, url, exited, output: () => output };
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not listen within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A tRPC caller for one server and bearer token. */
export class Api {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async query<T>(procedure: string, input: unknown): Promise<T> {
    const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    return unwrap<T>(procedure, await fetch(`${this.url}/trpc/${procedure}${search}`, { headers: this.#headers() }));
  }

  async mutate<T>(procedure: string, input: unknown): Promise<T> {
    return unwrap<T>(
      procedure,
      await fetch(`${this.url}/trpc/${procedure}`, {
        method: 'POST',
        headers: { ...this.#headers(), 'content-type': 'application/json' },
        body: JSON.stringify({ json: input }),
      }),
    );
  }

  #headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }
}

async function unwrap<T>(procedure: string, response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${procedure}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** First run on an empty store: the admin, then an admin token (as packages/client/test/first-admin.ts). */
export async function firstAdminToken(url: string): Promise<string> {
  const post = (procedure: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ json }),
    });
  const setup = await post('auth.setup', {
    email: 'bench@example.com',
    name: 'Bench',
    password: 'correct horse battery staple',
  });
  if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await post('tokens.create', { name: 'bench', role: 'admin', expiresInDays: 1 }, { cookie });
  if (!created.ok) throw new Error(`token creation failed: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
}

/** Creates a saved connection to the shared test server of `dialect`; returns its id. */
export async function createConnection(api: Api, dialect: TestDialect, name: string): Promise<string> {
  const server = TEST_SERVERS[dialect];
  const created = await api.mutate<{ id: string }>('connections.create', {
    name,
    dialect,
    host: server.host,
    port: server.port,
    database: server.database,
    username: server.user,
    password: server.password,
    isSource: true,
    isDestination: true,
  });
  return created.id;
}

export interface RunRecord {
  id: string;
  status: 'queued' | 'pending' | 'running' | 'success' | 'failed';
  rowCount: number | null;
  error: { code: string; message: string } | null;
}

/** `--name=value` arguments. */
export function flag(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
