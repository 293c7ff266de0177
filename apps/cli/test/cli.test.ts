import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  adminQuery,
  childEnv,
  countRows,
  defaultSchema,
  dropTable,
  startServerProcess,
  TEST_SERVERS,
  uniqueName,
  type ServerProcess,
  setupAndCreateToken,
} from '@pipecraft/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';

const execFileAsync = promisify(execFile);
const CLI_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX = path.resolve(CLI_ROOT, '../../node_modules/.bin/tsx');

const pg = TEST_SERVERS.postgres;
const my = TEST_SERVERS.mysql;
const suffix = uniqueName('x').slice(2);
const tables = {
  source: `pc_cli_src_${suffix}`,
  toMysql: `pc_cli_my_${suffix}`,
  toPostgres: `pc_cli_pg_${suffix}`,
  /** The source of the sync that fails: dropped after the sync is saved. */
  vanishing: `pc_cli_gone_${suffix}`,
  vanishingCopy: `pc_cli_gone_copy_${suffix}`,
};
const names = {
  pg: `pg ${suffix}`,
  my: `maria ${suffix}`,
  good: `orders ${suffix}`,
  back: `orders back ${suffix}`,
  bad: `gone ${suffix}`,
};
/** PostgreSQL trusts local connections in the default test setup, so any password does there. */
const PG_PASSWORD = pg.password || 'ignored-by-trust-auth';

let workDir: string;
let serverProcess: ServerProcess;
const server = { url: '', token: '' };

/** What the CLI needs to reach the test server, and the password the file references. */
const serverEnv = () => ({ PIPECRAFT_URL: server.url, PIPECRAFT_TOKEN: server.token, PC_CLI_PG_PASSWORD: PG_PASSWORD });

/** The CLI in this process (exit code, stdout, stderr), with only the environment given. */
async function cli(argv: string[], env: Record<string, string> = serverEnv()) {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    { LOG_LEVEL: 'error', ...env },
    {
      out: (text) => void (out += text),
      err: (text) => void (err += text),
      isTTY: false,
    },
  );
  return { code, out, err };
}

/** The CLI as a user runs it: its own process, exit code and all. */
async function cliProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(TSX, ['src/main.ts', ...argv], {
      cwd: CLI_ROOT,
      env: childEnv({ PIPECRAFT_URL: server.url, PIPECRAFT_TOKEN: server.token }),
      timeout: 90_000,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? '', err: failed.stderr ?? '' };
  }
}

const configYaml = `version: 1
connections:
  - name: ${names.pg}
    dialect: postgres
    host: ${pg.host}
    port: ${pg.port}
    database: ${pg.database}
    username: ${pg.user}
    password: \${PC_CLI_PG_PASSWORD}
  - name: ${names.my}
    dialect: mysql
    host: ${my.host}
    port: ${my.port}
    database: ${my.database}
    username: ${my.user}
syncs:
  - name: ${names.good}
    description: PostgreSQL to MariaDB
    source: { connection: ${names.pg}, schema: public, table: ${tables.source} }
    destination: { connection: ${names.my}, schema: ${defaultSchema('mysql')}, table: ${tables.toMysql} }
  - name: ${names.bad}
    source: { connection: ${names.pg}, schema: public, table: ${tables.vanishing} }
    destination: { connection: ${names.pg}, schema: public, table: ${tables.vanishingCopy} }
`;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-cli-test-'));
  for (const table of [tables.source, tables.vanishing]) {
    await adminQuery('postgres', `CREATE TABLE "${table}" (id int PRIMARY KEY, name text)`);
    await adminQuery('postgres', `INSERT INTO "${table}" SELECT g, 'row ' || g FROM generate_series(1, 25) AS g`);
  }
  serverProcess = startServerProcess({ PIPECRAFT_DATA_DIR: path.join(workDir, 'server-data'), NODE_ENV: 'test' });
  server.url = await serverProcess.listening();
  server.token = await setupAndCreateToken(server.url, 'cli-test');
  await writeFile(path.join(workDir, 'pipecraft.yaml'), configYaml);
}, 180_000);

afterAll(async () => {
  await serverProcess?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  for (const table of [tables.source, tables.vanishing, tables.vanishingCopy, tables.toPostgres]) {
    await dropTable('postgres', 'public', table);
  }
  await dropTable('mysql', defaultSchema('mysql'), tables.toMysql);
});

describe('pipecraft apply', () => {
  it('shows the plan, applies it, and a second apply plans nothing', async () => {
    const file = path.join(workDir, 'pipecraft.yaml');
    const dryRun = await cli(['apply', '-f', file, '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toContain('Plan: 4 to create, 0 to update, 0 to delete.');
    expect((await cli(['syncs', 'list', '--json'])).out).toBe('[]\n');

    const applied = await cli(['apply', '-f', file, '--yes']);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain(`Created sync "${names.good}".`);

    const again = await cli(['apply', '-f', file]);
    expect(again.code).toBe(0);
    expect(again.out).toBe('No changes: the store already matches the file.\n');

    const connections = JSON.parse((await cli(['connections', 'list', '--json'])).out) as Array<{
      name: string;
      hasPassword: boolean;
    }>;
    expect(connections.find((c) => c.name === names.pg)?.hasPassword).toBe(true);
  });

  it('plans an update to the field that changed, and deletes what the file no longer has', async () => {
    const edited = configYaml
      .replace('description: PostgreSQL to MariaDB', 'description: nightly copy')
      .replace(new RegExp(`  - name: ${names.bad}[\\s\\S]*$`), '');
    const file = path.join(workDir, 'edited.yaml');
    await writeFile(file, edited);
    const plan = await cli(['apply', '-f', file, '--dry-run']);
    expect(plan.out).toContain('Plan: 0 to create, 1 to update, 1 to delete.');
    expect(plan.out).toContain('description: PostgreSQL to MariaDB → nightly copy');
    expect(plan.out).toContain(`- delete sync "${names.bad}"`);
  });

  it('refuses a bad file with line-numbered errors and changes nothing', async () => {
    const before = (await cli(['syncs', 'list', '--json'])).out;
    const bad = configYaml
      .replace(`    port: ${my.port}\n`, '    port: "three thousand"\n')
      .replace(`table: ${tables.toMysql} }`, `table: ${tables.toMysql}, tabel: x }`)
      .replace('password: ${PC_CLI_PG_PASSWORD}', 'password: hunter2');
    const file = path.join(workDir, 'bad.yaml');
    await writeFile(file, bad);
    const lineOf = (text: string) => bad.split('\n').findIndex((line) => line.includes(text)) + 1;

    const result = await cli(['apply', '-f', file, '--yes']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('3 problems; nothing was changed');
    expect(result.err).toContain(
      `${file}:${lineOf('password: hunter2')}:15 connections[0].password: must be an environment variable reference`,
    );
    expect(result.err).toContain(`${file}:${lineOf('three thousand')}:11 connections[1].port: must be a number`);
    expect(result.err).toMatch(
      new RegExp(`${file}:${lineOf('tabel: x')}:\\d+ syncs\\[0\\]\\.destination: unknown field tabel`),
    );
    expect((await cli(['syncs', 'list', '--json'])).out).toBe(before);

    await writeFile(file, 'connections:\n  - name: a\n    host: [unclosed\n');
    const syntax = await cli(['apply', '-f', file]);
    expect(syntax.code).toBe(1);
    expect(syntax.err).toMatch(new RegExp(`${file}:\\d+:\\d+ `));

    const { PC_CLI_PG_PASSWORD: _set, ...withoutPassword } = serverEnv();
    const unset = await cli(['apply', '-f', path.join(workDir, 'pipecraft.yaml'), '--dry-run'], withoutPassword);
    expect(unset.code).toBe(1);
    expect(unset.err).toContain(
      `:${lineOf('password: hunter2')}:15 connections[0].password: environment variable PC_CLI_PG_PASSWORD is not set`,
    );
  });
});

describe('pipecraft export', () => {
  it('writes no secret, and applied onto an empty local store reproduces the same syncs', async () => {
    // A sync with every kind of mode option, on the server first: export must carry them all.
    const withMerge = `${configYaml}  - name: ${names.back}
    source: { connection: ${names.pg}, schema: public, table: ${tables.source} }
    destination: { connection: ${names.pg}, schema: public, table: ${tables.toPostgres} }
    writeMode: incremental_merge
    keyColumns: [id]
    cursorColumn: id
    deleteMissing: soft
    driftPolicy: add_columns
    retryCount: 2
    columnMapping:
      - { source: id, include: true }
      - { source: name, include: true, name: label, type: varchar(64) }
`;
    const mergeFile = path.join(workDir, 'with-merge.yaml');
    await writeFile(mergeFile, withMerge);
    const added = await cli(['apply', '-f', mergeFile, '--yes']);
    expect(added.err).toBe('');
    expect(added.out).toContain(`Created sync "${names.back}".`);

    const exported = await cli(['export']);
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('writeMode: incremental_merge');
    expect(exported.out).toContain('cursorColumn: id');
    expect(exported.out).not.toContain('watermark');
    const slug = names.pg.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    expect(exported.out).toContain(`password: \${${slug}_PASSWORD}`);
    if (pg.password) expect(exported.out).not.toContain(pg.password);
    const file = path.join(workDir, 'exported.yaml');
    await writeFile(file, exported.out);

    const local = { PIPECRAFT_DATA_DIR: path.join(workDir, 'local-store'), [`${slug}_PASSWORD`]: PG_PASSWORD };
    const applied = await cli(['apply', '-f', file, '--yes'], local);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    const shape = (json: string) =>
      (JSON.parse(json) as Array<Record<string, unknown> & { source: object; destination: object }>).map((sync) => ({
        name: sync.name,
        description: sync.description,
        writeMode: sync.writeMode,
        keyColumns: sync.keyColumns,
        cursorColumn: sync.cursorColumn,
        lookbackSeconds: sync.lookbackSeconds,
        deleteMissing: sync.deleteMissing,
        columnMapping: sync.columnMapping,
        driftPolicy: sync.driftPolicy,
        createDestinationSchema: sync.createDestinationSchema,
        retry: sync.retry,
        source: { ...sync.source, connectionId: undefined },
        destination: { ...sync.destination, connectionId: undefined },
      }));
    const onServer = shape((await cli(['syncs', 'list', '--json'])).out);
    const onLocal = shape((await cli(['syncs', 'list', '--json'], local)).out);
    expect(onLocal).toEqual(onServer);
    expect(onLocal.length).toBe(3);
    expect(onLocal.find((sync) => sync.name === names.back)).toMatchObject({
      writeMode: 'incremental_merge',
      cursorColumn: 'id',
      columnMapping: [
        { source: 'id', include: true },
        { source: 'name', include: true, name: 'label', type: 'varchar(64)' },
      ],
    });
    expect((await cli(['apply', '-f', file], local)).out).toBe('No changes: the store already matches the file.\n');
  });

  it('runs a sync on the local store in this process, waiting for it', async () => {
    const local = { PIPECRAFT_DATA_DIR: path.join(workDir, 'local-store') };
    const result = await cli(['run', names.good], local);
    expect(result.out).toContain(`"${names.good}" succeeded: 25 rows`);
    expect(result.code).toBe(0);
  });
});

describe('pipecraft run', () => {
  it('run --wait exits 0 when the run succeeds, with the rows copied', async () => {
    const result = await cliProcess(['run', names.good, '--wait']);
    expect(result.err).toContain('Started run');
    expect(result.out).toContain(`"${names.good}" succeeded: 25 rows`);
    expect(result.code).toBe(0);
    expect(await countRows('mysql', defaultSchema('mysql'), tables.toMysql)).toBe(25);
  });

  it('run --wait exits non-zero when the run fails, saying why', async () => {
    await dropTable('postgres', 'public', tables.vanishing);
    const result = await cliProcess(['run', names.bad, '--wait', '--json']);
    expect(result.code).toBe(1);
    const run = JSON.parse(result.out) as { status: string; error: { code: string } };
    expect(run.status).toBe('failed');
    expect(run.error.code).toBe('TABLE_NOT_FOUND');
  });

  it('lists runs and refuses an unknown sync by name', async () => {
    const runs = await cli(['runs', 'list', '--sync', names.good]);
    expect(runs.out).toMatch(new RegExp(`${names.good}\\s+success\\s+25`));
    const unknown = await cli(['run', 'no such sync']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No sync named "no such sync"');
  });
});

describe('pipecraft keys rotate', () => {
  it('re-seals the local store’s secrets under a new key, and refuses a server URL', async () => {
    const local = { PIPECRAFT_DATA_DIR: path.join(workDir, 'local-store') };
    const rotated = await cli(['keys', 'rotate'], local);
    expect(rotated.err).toBe('');
    // The exported connection's password, applied onto the local store earlier in this file.
    expect(rotated.out).toMatch(/^Re-encrypted 1 secret under key \S+\. Key ring: \S+, \S+ \(newest first\)\.\n$/);
    expect((await cli(['connections', 'list'], local)).code).toBe(0);

    const remote = await cli(['keys', 'rotate']);
    expect(remote.code).toBe(1);
    expect(remote.err).toContain('local store only');
  });
});
