/**
 * Builds the publishable client into dist/ (decision 152):
 * - index.js (ESM) and index.cjs (CommonJS), bundled by esbuild with every dependency left external;
 * - index.d.ts / index.d.cts and their neighbours, emitted by the compiler from src/ with
 *   src/router.ts replaced by the router's types spelled out, so no declaration names
 *   `@pipecraft/api` or anything behind it. The emit type-checks the client against those flat
 *   types: if they ever disagree, the build fails.
 *
 *   npm run build -w @pipecraft/client
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { generateRouterTypes } from './router-types.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(packageDir, 'src');
const distDir = path.join(packageDir, 'dist');

export async function buildClient(): Promise<void> {
  await rm(distDir, { recursive: true, force: true });
  for (const format of ['esm', 'cjs'] as const) {
    await build({
      entryPoints: [path.join(srcDir, 'index.ts')],
      outfile: path.join(distDir, format === 'esm' ? 'index.js' : 'index.cjs'),
      bundle: true,
      packages: 'external',
      format,
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'warning',
    });
  }
  emitDeclarations(generateRouterTypes(packageDir));
  // The same declarations for `require`: .d.cts files whose relative imports name .cjs.
  for (const file of await readdir(distDir)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = await readFile(path.join(distDir, file), 'utf8');
    await writeFile(
      path.join(distDir, file.replace(/\.d\.ts$/, '.d.cts')),
      text.replace(/(from '\.\/[\w-]+)\.js'/g, "$1.cjs'"),
    );
  }
}

function emitDeclarations(routerTypes: string): void {
  const routerModule = path.join(srcDir, 'router.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    // As the workspace compiles it; consumers' `exactOptionalPropertyTypes` is checked by the packed-consumer test.
    strict: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: srcDir,
    outDir: distDir,
    types: ['node'],
    lib: ['lib.es2023.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === routerModule ? routerTypes : readFile(file));
  host.getSourceFile = (file, language, onError, create) =>
    path.resolve(file) === routerModule
      ? ts.createSourceFile(file, routerTypes, language)
      : getSourceFile(file, language, onError, create);
  const program = ts.createProgram([path.join(srcDir, 'index.ts')], options, host);
  const result = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    throw new Error(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (file) => file,
        getCurrentDirectory: () => packageDir,
        getNewLine: () => '\n',
      }),
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildClient();
  console.log(`built ${path.relative(process.cwd(), distDir) || 'dist'}`);
}
