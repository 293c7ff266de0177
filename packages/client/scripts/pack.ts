/**
 * Packs the publishable client: builds dist/, stages it with the manifest a consumer installs
 * (exports pointing at dist/, not at src/ as inside the workspace: decision 152) and runs
 * `npm pack` there. Never publishes.
 *
 *   npm run pack:tarball -w @pipecraft/client -- <destination dir>
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildClient } from './build.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stagingDir = path.join(packageDir, 'build', 'package');

/** The fields of package.json that travel; the rest (scripts, devDependencies, nx) is the workspace's. */
const PUBLISHED_FIELDS = ['name', 'version', 'description', 'type', 'engines', 'files', 'dependencies'] as const;

/** Builds, stages and packs; returns the tarball's path in `destination`. */
export async function packClient(destination: string): Promise<string> {
  await buildClient();
  const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const published: Record<string, unknown> = Object.fromEntries(PUBLISHED_FIELDS.map((key) => [key, manifest[key]]));
  Object.assign(published, {
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      './package.json': './package.json',
    },
    main: './dist/index.cjs',
    types: './dist/index.d.ts',
    sideEffects: false,
  });
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(stagingDir, { recursive: true });
  await cp(path.join(packageDir, 'dist'), path.join(stagingDir, 'dist'), { recursive: true });
  await cp(path.join(packageDir, 'README.md'), path.join(stagingDir, 'README.md'));
  await writeFile(path.join(stagingDir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
  await mkdir(destination, { recursive: true });
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    { cwd: stagingDir },
  );
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return path.join(destination, filename);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await packClient(path.resolve(process.argv[2] ?? path.join(packageDir, 'build'))));
}
