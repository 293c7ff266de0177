// What scripts/with-deps.mjs and scripts/start.mjs share: the repository root, installing the
// workspace's dependencies from the lockfile when they are missing or stale, and running a
// command with node_modules/.bin first on the PATH. Node built-ins only: nothing is installed yet
// when this runs, on whatever Node the machine has (20.19 and later).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin');

/**
 * Installs every dependency, development ones included, when node_modules is missing, older than
 * the lockfile, or lacks the tools (Nx): an `npm ci` under NODE_ENV=production skips
 * devDependencies, which left a clone that could never build (`spawnSync nx ENOENT`).
 */
export function ensureDependencies() {
  const installedMarker = join(root, 'node_modules', '.package-lock.json');
  const lockfile = join(root, 'package-lock.json');
  const stale =
    !existsSync(installedMarker) ||
    statSync(installedMarker).mtimeMs < statSync(lockfile).mtimeMs ||
    !existsSync(join(bin, 'nx'));
  if (!stale) return;
  console.log('Installing dependencies from package-lock.json (first run only; a few minutes)…');
  const install = spawnSync('npm', ['ci', '--include=dev', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

/** Runs a command from the root with the workspace's tools (and its Node 24) first on the PATH; returns its exit code. */
export function runInWorkspace(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NX_DAEMON: process.env.NX_DAEMON ?? 'false' },
  });
  if (result.error) {
    console.error(result.error.message);
    return 1;
  }
  return result.status ?? 1;
}
