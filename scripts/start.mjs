#!/usr/bin/env node
// `npm start`.
// - Development (the default): the server from its TypeScript sources (tsx, through Nx, which
//   builds the UI first), as before.
// - NODE_ENV=production: the compiled server (`npm run build`: apps/server/dist/main.js and the
//   UI's build), in this very process — one plain `node`, no tsx, no Nx, and no dev dependency
//   needed once built. A clone without a build (or with sources newer than it) is installed and
//   built first, saying so.
// Node built-ins only, like with-deps.mjs: on a fresh clone this runs on the machine's Node.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDependencies, root, runInWorkspace } from './workspace-deps.mjs';

if (process.env.NODE_ENV !== 'production') {
  ensureDependencies();
  process.exit(runInWorkspace('nx', ['run', '@pipecraft/server:start', '--outputStyle=stream']));
}

const serverBundle = join(root, 'apps/server/dist/main.js');
const builds = [serverBundle, join(root, 'apps/cli/dist/pipecraft.js'), join(root, 'apps/web/build/server/index.js')];
/** What the build is made from; absent in a production image, which holds the build alone. */
const sources = ['apps/server/src', 'apps/cli/src', 'apps/web/app', 'packages', 'package-lock.json'].map((p) =>
  join(root, p),
);

const missing = builds.some((file) => !existsSync(file));
// A folder made by scripts/build-production.sh (the container image) has the build and no sources.
const fromSources = existsSync(join(root, 'apps/server/src'));
if (missing && !fromSources) {
  console.error(
    `The production build is incomplete (${builds.filter((file) => !existsSync(file)).join(', ')} missing).`,
  );
  process.exit(1);
}
const builtAt = missing ? 0 : Math.min(...builds.map((file) => statSync(file).mtimeMs));
if (fromSources && (missing || newestMtime(sources) > builtAt)) {
  console.log(
    missing
      ? 'No production build yet: installing what the build needs and building the server, the CLI and the UI (first start only)…'
      : 'The sources changed since the last build: rebuilding…',
  );
  const started = Date.now();
  ensureDependencies();
  const code = runInWorkspace('npm', ['run', 'build']);
  if (code !== 0) process.exit(code);
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s. Starting PipeCraft…`);
}

// MikroORM 7 and node:sqlite need Node 22.17. On an older Node (the launcher may run on the
// machine's), the Node 24 that the dev dependencies bring runs the server instead.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 17)) {
  await import(pathToFileURL(serverBundle).href);
} else {
  const bundledNode = join(root, 'node_modules/.bin/node');
  if (!existsSync(bundledNode)) {
    console.error(
      `PipeCraft needs Node 22.17 or later; this is ${process.version}. Install Node 22 or 24, or run \`npm ci\` to get the Node 24 the repository brings.`,
    );
    process.exit(1);
  }
  const server = spawn(bundledNode, [serverBundle], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 1));
}

/** The newest modification time under these paths (node_modules, build output and tests skipped). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (!stat.isDirectory()) {
      newest = Math.max(newest, stat.mtimeMs);
      return;
    }
    for (const entry of readdirSync(path)) {
      if (['node_modules', 'dist', 'build', 'test', '.cache'].includes(entry)) continue;
      visit(join(path, entry));
    }
  };
  paths.forEach(visit);
  return newest;
}
