#!/usr/bin/env node
// Start time and idle memory of the server, started the development way (what `npm start` runs
// without NODE_ENV: Nx running tsx on the TypeScript sources) and the production way (the bundle
// in one node process: `node scripts/start.mjs` as the container runs it, and `npm start`, which
// adds npm's own process). Each is started `--runs` times on a fresh SQLite
// store and a free port; the figures are medians. Linux only (reads /proc). Run from anywhere:
//
//   npm exec -- node scripts/measure-start.mjs [--runs=3] [--idle-ms=5000]
//
// "ready" = from spawning the command to the first 200 from /healthz; "idle RSS" = the resident
// memory of every process of the start (the command and all its descendants), summed, after one
// page of the UI and one API call were served and then `--idle-ms` of quiet.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './workspace-deps.mjs';

const option = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const runs = option('runs', 3);
const idleMs = option('idle-ms', 5000);
const bin = join(root, 'node_modules/.bin');

const modes = [
  {
    name: 'development (nx + tsx)',
    command: join(bin, 'nx'),
    args: ['run', '@pipecraft/server:start', '--outputStyle=stream'],
    env: {},
  },
  {
    name: 'NODE_ENV=production npm start',
    command: 'npm',
    args: ['start'],
    env: { NODE_ENV: 'production' },
  },
  {
    name: 'production: node scripts/start.mjs',
    command: join(bin, 'node'),
    args: ['scripts/start.mjs'],
    env: { NODE_ENV: 'production' },
  },
];

if (!existsSync(join(root, 'apps/server/dist/main.js')) || !existsSync(join(root, 'apps/web/build/server/index.js'))) {
  console.log('Building first (npm run build), not timed…');
  spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
}

console.log(`node ${process.version}, ${runs} runs per mode, ${idleMs} ms idle before sampling\n`);
const rows = [];
for (const mode of modes) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(mode));
  const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  rows.push([
    mode.name,
    `${(median('readyMs') / 1000).toFixed(1)} s`,
    `${Math.round(median('rssKb') / 1024)} MB`,
    String(median('processes')),
  ]);
}
const header = ['start', 'ready (median)', 'idle RSS (median)', 'processes'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows])
  console.log(`| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);

async function measure(mode) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipecraft-measure-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(mode.command, mode.args, {
    cwd: root,
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      NX_DAEMON: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      PIPECRAFT_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...mode.env,
    },
    stdio: 'ignore',
    detached: true,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${mode.name} exited with ${child.exitCode}`);
      if (performance.now() - started > 180_000) throw new Error(`${mode.name} did not answer /healthz in 3 min`);
      if ((await fetch(`${base}/healthz`).catch(() => null))?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const readyMs = performance.now() - started;
    await (await fetch(`${base}/`)).text();
    await (await fetch(`${base}/trpc/auth.status`)).text();
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const tree = descendants(child.pid);
    const rssKb = tree.reduce((sum, pid) => sum + rssOf(pid), 0);
    console.log(
      `${mode.name}: ready ${(readyMs / 1000).toFixed(1)} s, ${Math.round(rssKb / 1024)} MB in ${tree.length} processes`,
    );
    return { readyMs, rssKb, processes: tree.length };
  } finally {
    // The whole group: Nx's children too.
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The process and all its descendants, from /proc. */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [];
  const visit = (p) => {
    all.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return all;
}

function rssOf(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
