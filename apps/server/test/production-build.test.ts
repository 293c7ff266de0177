import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { childEnv, freePort } from '@pipecraft/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The container image's steps, run here because there is no Docker engine in CI: the Dockerfile's
 * build step (scripts/build-production.sh into a folder of its own, production dependencies
 * only), then its CMD and HEALTHCHECK in that folder, with the Dockerfile's ENV. docs/deploy.md.
 */
const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface DockerfileSteps {
  buildCommand: string[];
  /** Where the build step writes; the runtime stage copies it and works there. */
  buildOutput: string;
  env: Record<string, string>;
  user: string;
  cmd: string[];
  healthcheck: string[];
}

/** The final stage's steps, read from the Dockerfile itself so the test and the image cannot drift apart. */
async function readDockerfile(): Promise<DockerfileSteps> {
  const text = (await readFile(path.join(REPO_ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n\s*/g, ' ');
  const lines = text.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  const build = lines.find((line) => /^RUN sh scripts\/build-production\.sh /.test(line));
  const json = (instruction: string) => {
    const line = lines.findLast((l) => l.startsWith(`${instruction} `));
    const array = line ? /\[.*\]$/.exec(line)?.[0] : undefined;
    if (!array) throw new Error(`no ${instruction} [..] in the Dockerfile`);
    return JSON.parse(array) as string[];
  };
  const env: Record<string, string> = {};
  for (const line of lines.filter((l) => l.startsWith('ENV '))) {
    for (const [, key, value] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[key as string] = value as string;
  }
  if (!build) throw new Error('the Dockerfile does not build with scripts/build-production.sh');
  const [, ...buildArgs] = build.split(/\s+/);
  return {
    buildCommand: buildArgs,
    buildOutput: buildArgs.at(-1) ?? '',
    env,
    user:
      lines
        .findLast((l) => l.startsWith('USER '))
        ?.slice(5)
        .trim() ?? 'root',
    cmd: json('CMD'),
    healthcheck: json('HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD'),
  };
}

let steps: DockerfileSteps;
let workDir: string;
let outDir: string;

beforeAll(async () => {
  steps = await readDockerfile();
  workDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-production-'));
  outDir = path.join(workDir, 'opt-pipecraft');
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the production build (the container image steps)', () => {
  it('builds into a folder with production dependencies only, and its start serves UI and API from one node process', async () => {
    expect(steps.user).not.toBe('root');
    expect(steps.env.NODE_ENV).toBe('production');

    // The build step, into a temp folder instead of /opt/pipecraft.
    const [shell, script] = steps.buildCommand;
    await execFileAsync(shell as string, [script as string, outDir], {
      cwd: REPO_ROOT,
      env: childEnv(),
      timeout: 580_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(existsSync(path.join(outDir, 'apps/server/src'))).toBe(false);
    for (const devTool of ['nx', 'tsx', 'vitest', 'vite', '@remix-run/dev', 'eslint', '@playwright/test']) {
      expect(existsSync(path.join(outDir, 'node_modules', devTool)), `${devTool} is a dev dependency`).toBe(false);
    }

    // The CMD, with the image's ENV (its own port and data directory here).
    const port = await freePort();
    const env = childEnv({
      ...steps.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PIPECRAFT_DATA_DIR: path.join(workDir, 'data'),
    });
    const [command, ...args] = steps.cmd;
    expect(command).toBe('node');
    // The image's `node` is Node 24; here, the repository's Node 24 runs the same file.
    const server = spawn(process.execPath, args, { cwd: outDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      while (!/listening on/.test(output)) {
        if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const [, ...healthArgs] = steps.healthcheck;
      await execFileAsync(process.execPath, healthArgs, { cwd: outDir, env });

      const page = await fetch(`${base}/`, { headers: { host: `localhost:${port}` } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>');
      const api = await fetch(`${base}/trpc/auth.status`, { headers: { host: `localhost:${port}` } });
      expect(api.status).toBe(200);
      expect(output).not.toMatch(/Installing|Building/);
      // One process: the server runs in the start script's own process, with no children.
      const children = await readFile(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8');
      expect(children.trim()).toBe('');

      // The CLI of the same build works there too, on the same store.
      const cli = await execFileAsync(process.execPath, ['apps/cli/bin/pipecraft.mjs', 'connections', 'list'], {
        cwd: outDir,
        env,
      });
      expect(cli.stdout).toBe('No connections.\n');

      // The worker of the same build loads with the production dependencies alone: without a
      // queue it stops at its environment check, naming what is missing.
      const worker = await execFileAsync(process.execPath, ['apps/worker/dist/main.js'], {
        cwd: outDir,
        env: { ...env, PIPECRAFT_STORE_URL: '', PIPECRAFT_QUEUE_URL: '' },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string; stdout: string }) => ({
          code: error.code,
          stderr: `${error.stdout}${error.stderr}`,
        }),
      );
      expect(worker.code).not.toBe(0);
      expect(worker.stderr).toMatch(/PIPECRAFT_QUEUE_URL/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }, 600_000);
});
