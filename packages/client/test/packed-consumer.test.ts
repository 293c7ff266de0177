import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  adminQuery,
  childEnv,
  startServerProcess,
  TEST_SERVERS,
  uniqueName,
  type ServerProcess,
  setupAndCreateToken,
} from '@pipecraft/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packClient } from '../scripts/pack.js';
import { exampleServerEnv } from './example-settings.js';

/**
 * What a stranger does with the package: `npm pack`, install the tarball into an empty project far
 * from this repository, compile with plain `tsc` (strict, exactOptionalPropertyTypes, library
 * declarations checked too) and run the README example with plain `node` against a real server.
 */
const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireHere = createRequire(path.join(packageDir, 'package.json'));
/** The versions the workspace has installed, so the consumer's install is served from npm's cache. */
const versionOf = (name: string) => (requireHere(`${name}/package.json`) as { version: string }).version;
const suffix = uniqueName('x').slice(2);

let consumerDir: string;
let dataDir: string;
let serverProcess: ServerProcess;
const server = { url: '', token: '' };

beforeAll(async () => {
  consumerDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-consumer-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-consumer-store-'));
  serverProcess = startServerProcess({ PIPECRAFT_DATA_DIR: dataDir, NODE_ENV: 'test' });
  const tarball = await packClient(path.join(consumerDir, 'tarball'));
  await writeFile(
    path.join(consumerDir, 'package.json'),
    JSON.stringify({
      name: 'pipecraft-consumer',
      private: true,
      type: 'module',
      dependencies: {
        '@pipecraft/client': `file:${tarball}`,
        pg: versionOf('pg'),
        mysql2: versionOf('mysql2'),
      },
      devDependencies: {
        typescript: versionOf('typescript'),
        '@types/node': versionOf('@types/node'),
        '@types/pg': versionOf('@types/pg'),
      },
    }),
  );
  const strict = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    // As `tsc --init` writes it. Our own declarations are checked with it off, below.
    skipLibCheck: true,
    types: ['node'],
  };
  await writeFile(
    path.join(consumerDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { ...strict, outDir: 'build' },
      files: ['src/example.ts', 'src/from-commonjs.cts'],
    }),
  );
  await writeFile(
    path.join(consumerDir, 'tsconfig.wrong.json'),
    JSON.stringify({ compilerOptions: { ...strict, noEmit: true }, files: ['src/wrong-input.ts'] }),
  );
  await mkdir(path.join(consumerDir, 'src'));
  await cp(path.join(packageDir, 'examples/sync-a-table.ts'), path.join(consumerDir, 'src/example.ts'));
  await writeFile(path.join(consumerDir, 'src/wrong-input.ts'), WRONG_INPUT);
  await writeFile(path.join(consumerDir, 'src/from-commonjs.cts'), FROM_COMMONJS);
  await npmInstall();
  server.url = await serverProcess.listening();
  server.token = await setupAndCreateToken(server.url, 'client-test');
}, 400_000);

afterAll(async () => {
  await serverProcess?.stop();
  for (const dir of [consumerDir, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** Each line with a mistake the compiler must catch (and would not, were the types `any`). */
const WRONG_INPUT = `import { createPipecraftClient, type RouterOutputs } from '@pipecraft/client';

const client = createPipecraftClient({ url: 'http://127.0.0.1:3000', token: 'pct_x' });
const base = { name: 'n', host: 'h', port: 5432, database: 'd', username: 'u', isSource: true, isDestination: false };
await client.connections.create.mutate({ ...base, dialect: 'oracle' });
await client.runs.start.mutate({ syncID: 'x' });
const run: RouterOutputs['runs']['get'] = await client.runs.get.query({ id: 'x' });
const rows: number = run.rowCount;
await client.connections.update.mutate({ id: 'x', clearPassword: undefined, nmae: 'typo' });
export { rows };
`;

/**
 * The npm settings the test runner's own npm ran with that say whom to trust (a CA file, the system
 * npmrc naming it): the consumer's npm runs on the workspace's Node, whose npm reads no system npmrc,
 * and behind a TLS-inspecting proxy it would refuse the registry without them.
 */
function npmTrustSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const key of ['npm_config_cafile', 'npm_config_globalconfig']) {
    const value = process.env[key];
    if (value) settings[key] = value;
  }
  return settings;
}

/**
 * `npm install` in the consumer project, from npm's cache when it has the packages. Once, on this
 * shared machine, an install stalled with another npm process working on the same cache: a stalled
 * install is stopped after two minutes and tried once more.
 */
async function npmInstall(attempt = 1): Promise<void> {
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=http'];
  try {
    await run('npm', args, { cwd: consumerDir, env: childEnv(npmTrustSettings()), timeout: 120_000 });
  } catch (error) {
    if (attempt < 2) return npmInstall(attempt + 1);
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm install failed:\n${stdout}\n${stderr}`);
  }
}

/** A CommonJS module of the consumer: `require` gets the CJS build and the `.d.cts` declarations. */
const FROM_COMMONJS = `import pipecraft = require('@pipecraft/client');

const client = pipecraft.createPipecraftClient({ url: 'http://127.0.0.1:3000' });
const input: pipecraft.RouterInputs['runs']['get'] = { id: 'x' };
console.log(typeof client.runs.get.query, typeof pipecraft.TRPCClientError, input.id);
`;

/** `tsc` as a consumer runs it: the consumer's own TypeScript, no help from this repository. */
function tsc(args: string[]) {
  return run(process.execPath, [path.join(consumerDir, 'node_modules/typescript/bin/tsc'), ...args], {
    cwd: consumerDir,
    env: childEnv(),
  });
}

describe('the packed @pipecraft/client in a project outside the repository', () => {
  it('ships JavaScript (ESM and CJS) and declarations, and nothing of the server', async () => {
    const installed = path.join(consumerDir, 'node_modules/@pipecraft/client');
    const files = (await readdir(installed, { recursive: true })).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']),
    );
    expect(files.filter((file) => /\.ts$/.test(file) && !/\.d\.c?ts$/.test(file))).toEqual([]);
    for (const file of files.filter((name) => /\.(d\.c?ts|c?js)$/.test(name))) {
      const text = await readFile(path.join(installed, file), 'utf8');
      expect(text, file).not.toMatch(/@pipecraft\/(api|store|sync-engine|runner|logger)|mikro-orm|import\("\//);
    }
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).not.toHaveProperty('private');
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);

    const { stdout } = await run(
      process.execPath,
      [
        '-e',
        "const c = require('@pipecraft/client'); console.log(typeof c.createPipecraftClient, typeof c.TRPCClientError)",
      ],
      { cwd: consumerDir, env: childEnv() },
    );
    expect(stdout.trim()).toBe('function function');
  });

  it('typechecks and compiles the README example (and a CommonJS module) with plain tsc (strict, exactOptionalPropertyTypes), loading few files', async () => {
    const { stdout } = await tsc(['-p', 'tsconfig.json', '--listFiles']);
    const loaded = stdout.trim().split('\n');
    const fromClient = loaded.filter((file) => file.includes('node_modules/@pipecraft/client/'));
    expect(fromClient.map((file) => path.basename(file)).sort()).toEqual([
      'create-pipecraft-client.d.cts',
      'create-pipecraft-client.d.ts',
      'index.d.cts',
      'index.d.ts',
      'router.d.cts',
      'router.d.ts',
    ]);
    expect(loaded.filter((file) => /mikro-orm|@pipecraft\/(api|store)/.test(file))).toEqual([]);
    console.log(
      `tsc loads ${loaded.length} files for the example, ${fromClient.length} of them from @pipecraft/client`,
    );

    // With library checking on, nothing in our declarations is wrong. (tRPC's own name a 'ws'
    // module for its WebSocket adapter, which a consumer without @types/ws cannot resolve.)
    const checked = await tsc(['-p', 'tsconfig.json', '--noEmit', '--skipLibCheck', 'false']).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    const errors = checked.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.filter((line) => !line.startsWith('node_modules/@trpc/server/dist/adapters/ws.d.'))).toEqual([]);

    const commonjs = await run(process.execPath, ['build/from-commonjs.cjs'], { cwd: consumerDir, env: childEnv() });
    expect(commonjs.stdout.trim()).toBe('function function x');
  }, 180_000);

  it('refuses wrong inputs and wrong uses of outputs at compile time', async () => {
    const failed = await tsc(['-p', 'tsconfig.wrong.json']).then(
      () => null,
      (error: { stdout: string }) => error.stdout,
    );
    expect(failed).not.toBeNull();
    const errors = (failed ?? '').split('\n').filter((line) => /error TS\d+/.test(line));
    const at = (line: number) => errors.filter((error) => error.startsWith(`src/wrong-input.ts(${line},`)).join('\n');
    expect(at(5)).toMatch(/'"oracle"' is not assignable/);
    expect(at(6)).toMatch(/'syncID' does not exist/);
    expect(at(8)).toMatch(/'number \| null' is not assignable to type 'number'/);
    expect(at(9)).toMatch(/'nmae' does not exist/);
    expect(errors).toHaveLength(4);
  }, 120_000);

  it('runs the compiled README example with plain node: makes its tables, syncs them, cleans up', async () => {
    const { stdout } = await run(process.execPath, ['build/example.js'], {
      cwd: consumerDir,
      env: childEnv({
        PIPECRAFT_URL: server.url,
        PIPECRAFT_TOKEN: server.token,
        EXAMPLE_SUFFIX: suffix,
        ...exampleServerEnv('PG', TEST_SERVERS.postgres),
        ...exampleServerEnv('MYSQL', TEST_SERVERS.mysql),
      }),
      timeout: 90_000,
    });
    expect(stdout).toMatch(/ROW_COUNT=137\b/);
    expect(stdout).toContain('destination: 137 rows, balances total 14179.50');
    expect(stdout).toContain('cleaned up');
    const [left] = await adminQuery<{ n: string }>(
      'postgres',
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name LIKE $1',
      [`%${suffix}`],
    );
    expect(Number(left?.n)).toBe(0);
  }, 120_000);
});
