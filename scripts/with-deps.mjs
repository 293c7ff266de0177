#!/usr/bin/env node
// Runs a command once the workspace's dependencies are installed, installing them from the
// lockfile first when they are missing or older than the lockfile. This is what lets a fresh
// clone go straight to `npm test` (see README: two commands, nothing else).
import { ensureDependencies, runInWorkspace } from './workspace-deps.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-deps.mjs <command> [args…]');
  process.exit(2);
}
ensureDependencies();
process.exit(runInWorkspace(command, args));
