#!/usr/bin/env node
// Compiles a Node app of this workspace (apps/server, apps/cli) to one JavaScript file for
// production: the workspace packages (@pipecraft/*, TypeScript sources) are bundled in, every
// other package stays an import resolved from node_modules at run time, so the output runs on
// plain `node` with the production dependencies alone (decision 157).
//
//   node scripts/bundle-node-app.mjs <entry.ts> <out.js>     (run from the app's folder)
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node scripts/bundle-node-app.mjs <entry.ts> <out.js>');
  process.exit(2);
}

/**
 * Bare imports that are not ours stay imports, but of the file that the importing package itself
 * resolves (written relative to the output): npm may nest a package's dependencies under it
 * (MikroORM sits in packages/store/node_modules), where an import by name from dist/ would not
 * find them. The layout comes from package-lock.json, so `npm ci` anywhere recreates it.
 */
const dependenciesStayExternal = {
  name: 'dependencies-stay-external',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@pipecraft/') || args.pluginData === SELF) return undefined;
      if (args.path.startsWith('node:') || builtinModules.includes(args.path))
        return { path: args.path, external: true };
      const found = await bundle.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: SELF });
      if (found.errors.length > 0) return { errors: found.errors };
      const relative = path
        .relative(path.dirname(path.resolve(outfile)), found.path)
        .split(path.sep)
        .join('/');
      return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
    });
  },
};
const SELF = Symbol('dependencies-stay-external');

const result = await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  // MikroORM 7 (the store) needs Node 22.17; nothing newer is assumed.
  target: 'node22.17',
  sourcemap: true,
  // Class names show in logs and errors (`SecretKeyError`), and MikroORM reads entity class names.
  keepNames: true,
  legalComments: 'none',
  plugins: [dependenciesStayExternal],
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`${outfile}: ${(bytes / 1024).toFixed(0)} KiB (${Object.keys(result.metafile.inputs).length} sources)`);
