import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_ROOT = path.join(REPO_ROOT, 'apps/server');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

/**
 * The environment for a process a test spawns: only PATH, HOME and TZ from the runner (so the
 * non-UTC test zone carries over and nothing else leaks in), NODE_ENV=test, then `env`.
 */
export function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A cast: some projects (apps/server, through Remix's types) declare NODE_ENV as a union of literals.
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
    // The machine's trust store, not the runner's settings: behind a TLS-inspecting proxy a child's
    // `npm install` (run by a Node whose npm reads no system npmrc) needs the proxy's CA.
    ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
    NODE_ENV: 'test',
    ...env,
  } as NodeJS.ProcessEnv;
}

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Waits for the "listening on" log line and returns the base URL; throws with the output if the process exits first. */
  listening(timeoutMs?: number): Promise<string>;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the real server (`tsx apps/server/src/main.ts`, as `npm start` does) with only the given
 * environment plus PATH, HOME and TZ, so nothing else from the test runner's environment leaks in.
 * `PORT: '0'` (the default here) picks a free port; `listening()` reads it back from the log.
 */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: SERVER_ROOT,
    env: childEnv({ HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'development', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  return {
    child,
    exited,
    output: () => output,
    async listening(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
        if (found) return found;
        if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${output}`);
        if (Date.now() > deadline)
          throw new Error(`server did not log "listening on" within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
