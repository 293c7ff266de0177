#!/usr/bin/env node
// Runs a command once the workspace's dependencies are installed, installing them from the
// lockfile first when they are missing or older than the lockfile. This is what lets a fresh
// clone go straight to `npm start` / `npm test` (see README: two commands, nothing else).
// Node built-ins only: nothing is installed yet when this runs.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installedMarker = join(root, 'node_modules', '.package-lock.json');
const lockfile = join(root, 'package-lock.json');

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-deps.mjs <command> [args…]');
  process.exit(2);
}

const stale = !existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(lockfile).mtimeMs;
if (stale) {
  console.log('Installing dependencies from package-lock.json (first run only)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const bin = join(root, 'node_modules', '.bin');
const result = spawnSync(command, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NX_DAEMON: process.env.NX_DAEMON ?? 'false' },
});
if (result.error) {
  console.error(result.error.message);
  process.exit(1);
}
process.exit(result.status ?? 1);
