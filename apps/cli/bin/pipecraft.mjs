#!/usr/bin/env node
// `pipecraft` once installed (npx pipecraft, node_modules/.bin/pipecraft): the CLI built by
// `npm run build` into dist/. From a checkout without a build, `npm run pipecraft -- …` runs the
// TypeScript sources instead.
import { existsSync } from 'node:fs';

const built = new URL('../dist/pipecraft.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    'pipecraft: not built yet. Run `npm run build`, or use `npm run pipecraft -- …` in the repository.\n',
  );
  process.exit(1);
}
await import(built.href);
