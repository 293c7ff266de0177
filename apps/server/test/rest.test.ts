import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiDeps,
  createCaller,
  createContext,
  listRestRoutes,
  matchRestRoute,
  type ApiDeps,
} from '@pipecraft/api';
import { createLogger } from '@pipecraft/logger';
import { RunExecutor, WebhookDispatcher } from '@pipecraft/runner';
import { openStore, type Store } from '@pipecraft/store';
import {
  TEST_SERVERS,
  adminQuery,
  countRows,
  createTable,
  defaultSchema,
  dropTable,
  qualified,
  uniqueName,
  type TestServer,
} from '@pipecraft/test-support';
import { createApp } from '../src/app.js';

let dataDir: string;
let store: Store;
let runner: RunExecutor;
let webhooks: WebhookDispatcher;
/** Answers every webhook delivery with 204; records the bodies it got. */
let receiver: Server;
const received: string[] = [];
let api: ApiDeps;
let server: Server;
let base: string;
const logLines: string[] = [];
/** One API token per role, created by the admin. */
const tokens: Record<'viewer' | 'operator' | 'editor' | 'admin', string> = {
  viewer: '',
  operator: '',
  editor: '',
  admin: '',
};
/** Every route a test reached, as `METHOD /path/{param}`: the last test checks none was left out. */
const reached = new Set<string>();

const source = { schema: defaultSchema('postgres'), table: uniqueName('pc_rest_src') };
const destination = { schema: defaultSchema('mysql'), table: uniqueName('pc_rest_dst') };
const names = { source: uniqueName('rest source'), destination: uniqueName('rest destination') };
/** What a pipeline names its destination table: `prefix` rule with this affix. */
const pipelineAffix = 'pl_';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-rest-test-'));
  store = await openStore({ dataDir });
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  runner = new RunExecutor({ store, logger, progressIntervalMs: 100 });
  webhooks = new WebhookDispatcher({ store, logger, retry: { attempts: 1 }, timeoutMs: 2_000 });
  api = createApiDeps({ store, logger, runner, webhooks });
  receiver = await new Promise<Server>((resolve) => {
    const s = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    }).listen(0, '127.0.0.1', () => resolve(s));
  });
  const session = await api.services.auth.setup(
    { email: 'admin@example.com', name: 'Admin', password: 'correct horse battery staple' },
    { actor: null, ip: null },
    null,
  );
  const admin = createCaller(
    await createContext(api, { credentials: { sessionSecret: session.secret, bearerToken: null } }),
  );
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) {
    tokens[role] = (await admin.tokens.create({ name: `rest-${role}`, role, expiresInDays: 1 })).token;
  }
  server = await new Promise<Server>((resolve) => {
    const s = createApp({ api, corsOrigins: [], production: true }).listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await createTable('postgres', source.schema, source.table, 'id integer PRIMARY KEY, name text NOT NULL');
  await adminQuery(
    'postgres',
    `INSERT INTO ${qualified('postgres', source.schema, source.table)} VALUES (1, 'ada'), (2, 'grace'), (3, 'edsger')`,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => receiver?.close(resolve));
  await webhooks?.shutdown();
  await runner?.shutdown();
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
  await dropTable('postgres', source.schema, source.table);
  await dropTable('mysql', destination.schema, destination.table);
  await dropTable('mysql', destination.schema, `${pipelineAffix}${source.table}`);
});

interface RestError {
  message: string;
  code: string;
  appCode: string;
  fieldErrors: Record<string, string[]> | null;
}

/** One REST call with a role's token (or none), JSON in and out; records the route it reached. */
async function call<T = unknown>(
  method: string,
  url: string,
  options: { as?: keyof typeof tokens | null; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: T }> {
  const as = options.as === undefined ? 'admin' : options.as;
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${tokens[as]}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}/api/v1${url}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const match = matchRestRoute(method, new URL(url, 'http://x').pathname);
  if (match) reached.add(`${match.route.method} ${match.route.path}`);
  return { status: response.status, body: (await response.json()) as T };
}

function connectionBody(name: string, server: TestServer, role: { isSource: boolean; isDestination: boolean }) {
  return {
    name,
    dialect: server.dialect,
    host: server.host,
    port: server.port,
    database: server.database,
    username: server.user,
    ...(server.password ? { password: server.password } : {}),
    ...role,
  };
}

describe('the OpenAPI document and the docs page', () => {
  it('serves an OpenAPI 3.1 document that validates against the 3.1 schema and lists every route', async () => {
    const response = await fetch(`${base}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const route of listRestRoutes()) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    // A connection path parameter takes a name too, so the document does not claim uuid only.
    const test = document.paths['/connections/{id}/test']?.post as { parameters: { schema: { format?: string } }[] };
    expect(test.parameters[0]?.schema.format).toBeUndefined();
    // Errors are described as the handler sends them.
    expect(document.components.schemas['error.BAD_REQUEST']?.required).toEqual([
      'message',
      'code',
      'appCode',
      'fieldErrors',
    ]);
  });

  it('serves Swagger UI from this origin under the strict CSP', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style>|https?:\/\//);
    for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/init.js']) {
      const response = await fetch(`${base}${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(20);
    }
    expect((await fetch(`${base}/docs/assets/nope.js`)).status).toBe(404);
  });
});

describe('REST under /api/v1', () => {
  let sourceId: string;
  let destinationId: string;
  let syncId: string;

  it('reads what the engine supports', async () => {
    const dialects = await call<{ name: string }[]>('GET', '/meta/dialects', { as: 'viewer' });
    expect(dialects.status).toBe(200);
    expect(dialects.body.map((dialect) => dialect.name)).toEqual(expect.arrayContaining(['postgres', 'mysql']));
    const modes = await call<{ name: string }[]>('GET', '/meta/write-modes', { as: 'viewer' });
    expect(modes.status).toBe(200);
    expect(modes.body.length).toBeGreaterThan(0);
  });

  it('creates, lists, gets (by id and by name), changes and tests connections', async () => {
    const created = await call<{ id: string; hasPassword: boolean; password?: string }>('POST', '/connections', {
      as: 'editor',
      body: connectionBody(names.source, TEST_SERVERS.postgres, { isSource: true, isDestination: false }),
    });
    expect(created.status).toBe(200);
    expect(created.body).not.toHaveProperty('password');
    sourceId = created.body.id;
    const other = await call<{ id: string }>('POST', '/connections', {
      as: 'editor',
      body: connectionBody(names.destination, TEST_SERVERS.mysql, { isSource: false, isDestination: true }),
    });
    expect(other.status).toBe(200);
    destinationId = other.body.id;

    const list = await call<{ name: string }[]>('GET', '/connections', { as: 'viewer' });
    expect(list.body.map((connection) => connection.name)).toEqual(
      expect.arrayContaining([names.source, names.destination]),
    );
    const byId = await call<{ name: string; createdAt: string }>('GET', `/connections/${sourceId}`, { as: 'viewer' });
    expect(byId.body.name).toBe(names.source);
    // Dates travel as ISO strings in plain JSON.
    expect(byId.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const byName = await call<{ id: string }>('GET', `/connections/${encodeURIComponent(names.source)}`, {
      as: 'viewer',
    });
    expect(byName.body.id).toBe(sourceId);
    const byOtherCase = await call<{ id: string }>(
      'GET',
      `/connections/${encodeURIComponent(names.source.toUpperCase())}`,
      { as: 'viewer' },
    );
    expect(byOtherCase.body.id).toBe(sourceId);

    const changed = await call<{ isDestination: boolean }>('PATCH', `/connections/${sourceId}`, {
      as: 'editor',
      body: { isDestination: true },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.isDestination).toBe(true);

    const tested = await call<{ ok: boolean; serverVersion?: string }>(
      'POST',
      `/connections/${encodeURIComponent(names.source)}/test`,
      { as: 'editor' },
    );
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, serverVersion: expect.any(String) });

    // A draft (the form's values before saving) is tested without storing anything.
    const draft = await call<{ ok: boolean }>('POST', '/connections/test', {
      as: 'editor',
      body: connectionBody('draft', TEST_SERVERS.mysql, { isSource: true, isDestination: false }),
    });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ ok: true, serverVersion: expect.any(String) });
    const badDraft = await call<RestError>('POST', '/connections/test', {
      as: 'editor',
      body: { ...connectionBody('draft', TEST_SERVERS.mysql, { isSource: true, isDestination: false }), port: 0 },
    });
    expect(badDraft.status).toBe(400);
    expect(badDraft.body.fieldErrors).toHaveProperty('port');
    expect((await call<RestError>('POST', '/connections/test', { as: 'viewer', body: {} })).status).toBe(403);
  });

  it('browses schemas, tables and columns of a connection named in the path', async () => {
    const ref = encodeURIComponent(names.source);
    const schemas = await call<string[]>('GET', `/connections/${ref}/schemas`, { as: 'editor' });
    expect(schemas.status).toBe(200);
    expect(schemas.body).toContain(source.schema);
    const tables = await call<{ name: string }[]>('GET', `/connections/${ref}/tables?schema=${source.schema}`, {
      as: 'editor',
    });
    expect(tables.body.map((table) => table.name)).toContain(source.table);
    const columns = await call<{ name: string; primaryKeyPosition: number | null }[]>(
      'GET',
      `/connections/${sourceId}/columns?schema=${source.schema}&table=${source.table}`,
      { as: 'editor' },
    );
    expect(columns.body.map((column) => [column.name, column.primaryKeyPosition])).toEqual([
      ['id', 1],
      ['name', null],
    ]);
    const missing = await call<RestError>(
      'GET',
      `/connections/${sourceId}/columns?schema=${source.schema}&table=${source.table}_nope`,
      { as: 'editor' },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.appCode).toBe('TABLE_NOT_FOUND');
  });

  it('creates, previews, changes, runs and reads syncs and runs', async () => {
    const fields = {
      sourceConnectionId: sourceId,
      sourceSchema: source.schema,
      sourceTable: source.table,
      destinationConnectionId: destinationId,
      destinationSchema: destination.schema,
      destinationTable: destination.table,
    };
    const preview = await call<{ createTable: unknown }>('POST', '/syncs/preview', { as: 'editor', body: fields });
    expect(preview.status).toBe(200);
    const created = await call<{ id: string; name: string }>('POST', '/syncs', {
      as: 'editor',
      body: { name: uniqueName('rest sync'), ...fields },
    });
    expect(created.status).toBe(200);
    syncId = created.body.id;
    expect((await call<{ id: string }[]>('GET', '/syncs', { as: 'viewer' })).body.map((s) => s.id)).toContain(syncId);
    expect((await call<{ id: string }>('GET', `/syncs/${syncId}`, { as: 'viewer' })).body.id).toBe(syncId);
    const changed = await call<{ description: string }>('PATCH', `/syncs/${syncId}`, {
      as: 'editor',
      body: { description: 'from REST' },
    });
    expect(changed.body.description).toBe('from REST');

    const started = await call<{ runId: string }>('POST', `/syncs/${syncId}/run`, { as: 'operator' });
    expect(started.status).toBe(200);
    let run = { status: 'pending', rowCount: null as number | null };
    for (let i = 0; i < 300 && (run.status === 'pending' || run.status === 'running' || run.status === 'queued'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = (await call<typeof run>('GET', `/runs/${started.body.runId}`, { as: 'viewer' })).body;
    }
    expect(run).toMatchObject({ status: 'success', rowCount: 3 });
    expect(await countRows('mysql', destination.schema, destination.table)).toBe(3);

    const page = await call<{ items: { id: string }[]; total: number; nextCursor: number | null }>(
      'POST',
      '/runs/search',
      { as: 'viewer', body: { syncId, status: ['success'], limit: 1, cursor: 0, from: '2020-01-01T00:00:00Z' } },
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 1, nextCursor: null });
    expect(page.body.items[0]?.id).toBe(started.body.runId);
    const recent = await call<{ id: string }[]>('GET', '/runs?limit=5', { as: 'viewer' });
    expect(recent.body.map((r) => r.id)).toContain(started.body.runId);

    // Cancelling a finished run changes nothing and says so.
    const cancel = await call<{ cancelled: boolean; status: string }>('POST', `/runs/${started.body.runId}/cancel`, {
      as: 'operator',
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toEqual({ cancelled: false, status: 'success' });
    expect((await call<RestError>('POST', `/runs/${started.body.runId}/cancel`, { as: 'viewer' })).status).toBe(403);
    const unknownRun = await call<RestError>('POST', `/runs/00000000-0000-4000-8000-000000000000/cancel`, {
      as: 'operator',
    });
    expect(unknownRun.status).toBe(404);
  });

  it("sets and resets an incremental sync's watermark", async () => {
    const fullRefresh = await call<RestError>('PUT', `/syncs/${syncId}/watermark`, {
      as: 'editor',
      body: { watermark: { cursor: '2', key: ['2'] } },
    });
    expect(fullRefresh.status).toBe(400);
    expect(fullRefresh.body.appCode).toBe('VALIDATION_FAILED');
    const incremental = await call<{ writeMode: string }>('PATCH', `/syncs/${syncId}`, {
      as: 'editor',
      body: { writeMode: 'incremental_append', cursorColumn: 'id' },
    });
    expect(incremental.body.writeMode).toBe('incremental_append');
    const set = await call<{ watermark: unknown }>('PUT', `/syncs/${syncId}/watermark`, {
      as: 'editor',
      body: { watermark: { cursor: '2', key: ['2'] } },
    });
    expect(set.status).toBe(200);
    expect(set.body.watermark).toEqual({ cursor: '2', key: ['2'] });
    const noCursor = await call<RestError>('PUT', `/syncs/${syncId}/watermark`, {
      as: 'editor',
      body: { watermark: { cursor: '', key: [] } },
    });
    expect(noCursor.status).toBe(400);
    expect(noCursor.body.fieldErrors).toHaveProperty(['watermark.cursor']);
    expect((await call<RestError>('DELETE', `/syncs/${syncId}/watermark`, { as: 'viewer' })).status).toBe(403);
    const reset = await call<{ watermark: unknown }>('DELETE', `/syncs/${syncId}/watermark`, { as: 'editor' });
    expect(reset.status).toBe(200);
    expect(reset.body.watermark).toBeNull();
  });

  it("saves, explains, reads, pauses and deletes a sync's schedule", async () => {
    const explained = await call<{ description: string; nextRuns: string[] }>(
      'GET',
      `/schedules/explain?cron=${encodeURIComponent('0 2 * * *')}&timeZone=Europe%2FParis`,
      { as: 'viewer' },
    );
    expect(explained.status).toBe(200);
    expect(explained.body.nextRuns).toHaveLength(3);
    const wrong = await call<RestError>('GET', '/schedules/explain?cron=nope&timeZone=UTC', { as: 'viewer' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.appCode).toBe('VALIDATION_FAILED');

    expect((await call<null>('GET', `/schedules?syncId=${syncId}`, { as: 'viewer' })).body).toBeNull();
    expect((await call<RestError>('GET', '/schedules', { as: 'viewer' })).status).toBe(400);
    const saved = await call<{ id: string; cron: string; paused: boolean }>('PUT', '/schedules', {
      as: 'editor',
      body: { syncId, cron: '0 2 * * *', timeZone: 'UTC' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ cron: '0 2 * * *', paused: false });
    expect((await call<RestError>('PUT', '/schedules', { as: 'operator', body: {} })).status).toBe(403);
    expect((await call<{ id: string }>('GET', `/schedules?syncId=${syncId}`, { as: 'viewer' })).body.id).toBe(
      saved.body.id,
    );
    const paused = await call<{ paused: boolean; nextRuns: string[] }>('PATCH', `/schedules/${saved.body.id}`, {
      as: 'operator',
      body: { paused: true },
    });
    expect(paused.body).toMatchObject({ paused: true, nextRuns: [] });
    const notBoolean = await call<RestError>('PATCH', `/schedules/${saved.body.id}`, {
      as: 'operator',
      body: { paused: 'yes' },
    });
    expect(notBoolean.status).toBe(400);
    expect((await call('DELETE', `/schedules/${saved.body.id}`, { as: 'editor' })).status).toBe(200);
    expect((await call<RestError>('DELETE', `/schedules/${saved.body.id}`, { as: 'editor' })).status).toBe(404);
  });

  it('previews, creates, lists, runs and deletes a pipeline', async () => {
    const fields = {
      sourceConnectionId: sourceId,
      sourceSchema: source.schema,
      tables: [source.table],
      destinationConnectionId: destinationId,
      destinationSchema: destination.schema,
      namingRule: 'prefix',
      namingAffix: pipelineAffix,
    };
    const preview = await call<{ items: { destinationTable: string }[]; problemCount: number }>(
      'POST',
      '/pipelines/preview',
      { as: 'editor', body: fields },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      problemCount: 0,
      items: [{ destinationTable: `${pipelineAffix}${source.table}` }],
    });
    const noTables = await call<RestError>('POST', '/pipelines/preview', {
      as: 'editor',
      body: { ...fields, tables: [] },
    });
    expect(noTables.status).toBe(400);
    expect(noTables.body.fieldErrors).toHaveProperty('tables');

    const created = await call<{ id: string; members: { id: string }[] }>('POST', '/pipelines', {
      as: 'editor',
      body: { name: uniqueName('rest pipeline'), ...fields },
    });
    expect(created.status).toBe(200);
    expect(created.body.members).toHaveLength(1);
    const id = created.body.id;
    expect((await call<{ id: string }[]>('GET', '/pipelines', { as: 'viewer' })).body.map((p) => p.id)).toContain(id);

    expect((await call<RestError>('POST', `/pipelines/${id}/run`, { as: 'viewer' })).status).toBe(403);
    const run = await call<{ members: number }>('POST', `/pipelines/${id}/run`, { as: 'operator' });
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ members: 1 });
    type Pipeline = { running: boolean; members: { lastRun: { status: string } | null }[] };
    let pipeline: Pipeline = { running: true, members: [] };
    for (let i = 0; i < 300 && (pipeline.running || pipeline.members[0]?.lastRun?.status !== 'success'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      pipeline = (await call<Pipeline>('GET', `/pipelines/${id}`, { as: 'viewer' })).body;
      if (pipeline.members[0]?.lastRun?.status === 'failed') break;
    }
    expect(pipeline.members[0]?.lastRun?.status).toBe('success');
    expect(await countRows('mysql', destination.schema, `${pipelineAffix}${source.table}`)).toBe(3);

    expect((await call<{ id: string }>('DELETE', `/pipelines/${id}`, { as: 'editor' })).body.id).toBe(id);
    expect((await call<RestError>('GET', `/pipelines/${id}`, { as: 'viewer' })).status).toBe(404);
  });

  it('answers with the tRPC codes, PipeCraft appCodes and field errors, never a 500 for bad input', async () => {
    const anonymous = await call<RestError>('GET', '/connections', { as: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });
    const badToken = await fetch(`${base}/api/v1/connections`, { headers: { authorization: 'Bearer pct_nope' } });
    expect(badToken.status).toBe(401);
    // The session cookie does not authenticate REST calls; only a token does.
    expect((await fetch(`${base}/api/v1/connections`, { headers: { cookie: 'pc_session=x' } })).status).toBe(401);

    const viewerWrites = await call<RestError>('POST', '/connections', {
      as: 'viewer',
      body: connectionBody('never', TEST_SERVERS.postgres, { isSource: true, isDestination: false }),
    });
    expect(viewerWrites.status).toBe(403);
    expect(viewerWrites.body.appCode).toBe('FORBIDDEN');
    expect((await call<RestError>('POST', `/syncs/${syncId}/run`, { as: 'viewer' })).status).toBe(403);

    const badPort = await call<RestError>('POST', '/connections', {
      as: 'editor',
      body: { ...connectionBody('bad port', TEST_SERVERS.postgres, { isSource: true, isDestination: false }), port: 0 },
    });
    expect(badPort.status).toBe(400);
    expect(badPort.body).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'VALIDATION_FAILED',
      fieldErrors: { port: ['Enter a port between 1 and 65535.'] },
    });
    expect(badPort.body.message).toMatch(/port/);

    const taken = await call<RestError>('POST', '/connections', {
      as: 'editor',
      body: connectionBody(names.source, TEST_SERVERS.postgres, { isSource: true, isDestination: false }),
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ appCode: 'NAME_TAKEN', fieldErrors: { name: [expect.any(String)] } });

    const unknownName = await call<RestError>('GET', '/connections/no%20such%20connection', { as: 'viewer' });
    expect(unknownName.status).toBe(404);
    expect(unknownName.body.appCode).toBe('NOT_FOUND');
    const unknownSync = await call<RestError>('GET', '/syncs/not-a-uuid', { as: 'viewer' });
    expect(unknownSync.status).toBe(400);
    expect(unknownSync.body.fieldErrors).toEqual({ id: ['Not a valid id.'] });
    const missingSchema = await call<RestError>('GET', `/connections/${sourceId}/tables`, { as: 'editor' });
    expect(missingSchema.status).toBe(400);
    expect(missingSchema.body.fieldErrors).toHaveProperty('schema');
    // "false" is not a boolean and "abc" is not a number: refused, not coerced.
    const badLimit = await call<RestError>('GET', '/runs?limit=abc', { as: 'viewer' });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.fieldErrors).toHaveProperty('limit');
    const notADate = await call<RestError>('POST', '/runs/search', { as: 'viewer', body: { from: 'yesterday' } });
    expect(notADate.status).toBe(400);
    expect(notADate.body.fieldErrors).toHaveProperty('from');
    const stringBoolean = await call<RestError>('PATCH', `/connections/${sourceId}`, {
      as: 'editor',
      body: { isSource: 'false' },
    });
    expect(stringBoolean.status).toBe(400);
    expect(stringBoolean.body.fieldErrors).toHaveProperty('isSource');

    const broken = await call<RestError>('POST', '/syncs', { as: 'editor', rawBody: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ code: 'PARSE_ERROR', message: 'The request body is not valid JSON.' });
    const arrayBody = await call<RestError>('POST', '/syncs', { as: 'editor', body: [1, 2] });
    expect(arrayBody.status).toBe(400);
    expect(arrayBody.body.appCode).toBe('VALIDATION_FAILED');

    const inUse = await call<RestError>('DELETE', `/connections/${sourceId}`, { as: 'editor' });
    expect(inUse.status).toBe(412);
    expect(inUse.body.appCode).toBe('CONNECTION_IN_USE');

    const noRoute = await call<RestError>('GET', '/nothing-here', { as: 'viewer' });
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.code).toBe('NOT_FOUND');
    expect(logLines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });

  it('manages users, tokens and the audit log (admin only)', async () => {
    const email = `${uniqueName('rest')}@example.com`;
    const user = await call<{ id: string; role: string }>('POST', '/users', {
      body: { email, name: 'Rest User', password: 'a long enough password', role: 'viewer' },
    });
    expect(user.status).toBe(200);
    const promoted = await call<{ role: string }>('PATCH', `/users/${user.body.id}`, { body: { role: 'editor' } });
    expect(promoted.body.role).toBe('editor');
    expect((await call<{ email: string }[]>('GET', '/users')).body.map((u) => u.email)).toContain(email);
    expect((await call<RestError>('GET', '/users', { as: 'editor' })).status).toBe(403);

    const token = await call<{ token: string; info: { id: string } }>('POST', '/tokens', {
      body: { name: 'rest-made', role: 'viewer', expiresInDays: 1 },
    });
    expect(token.body.token).toMatch(/^pct_/);
    const listed = await call<{ id: string; name: string }[]>('GET', '/tokens');
    expect(listed.body.map((t) => t.name)).toContain('rest-made');
    expect(JSON.stringify(listed.body)).not.toContain(token.body.token);
    expect((await call('DELETE', `/tokens/${token.body.info.id}`)).status).toBe(200);
    const revoked = await fetch(`${base}/api/v1/connections`, {
      headers: { authorization: `Bearer ${token.body.token}` },
    });
    expect(revoked.status).toBe(401);

    const audit = await call<{ items: { action: string }[]; total: number }>(
      'GET',
      '/audit?action=connection&limit=50&from=2020-01-01T00:00:00Z',
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((event) => event.action)).toEqual(
      expect.arrayContaining(['connection.create', 'connection.update']),
    );
    const badDate = await call<RestError>('GET', '/audit?from=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.fieldErrors).toHaveProperty('from');
  });

  it('manages webhooks and sends a test delivery (admin only)', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    expect((await call<RestError>('POST', '/webhooks', { as: 'editor', body: {} })).status).toBe(403);
    const badUrl = await call<RestError>('POST', '/webhooks', {
      body: { name: 'rest hook', url: 'ftp://nope', events: ['failure'] },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.fieldErrors).toHaveProperty('url');
    const created = await call<{ secret: string; webhook: { id: string } }>('POST', '/webhooks', {
      body: { name: uniqueName('rest hook'), url, events: ['failure'] },
    });
    expect(created.status).toBe(200);
    expect(created.body.secret.length).toBeGreaterThan(10);
    const id = created.body.webhook.id;
    const listed = await call<{ id: string }[]>('GET', '/webhooks');
    expect(listed.body.map((w) => w.id)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const updated = await call<{ events: string[] }>('PATCH', `/webhooks/${id}`, {
      body: { events: ['failure', 'recovery'] },
    });
    expect(updated.body.events).toEqual(['failure', 'recovery']);

    const delivery = await call<{ event: string; status: string; responseCode: number | null }>(
      'POST',
      `/webhooks/${id}/test`,
    );
    expect(delivery.status).toBe(200);
    expect(delivery.body).toMatchObject({ event: 'test', status: 'delivered', responseCode: 204 });
    expect(received).toHaveLength(1);
    const page = await call<{ items: { event: string }[]; total: number }>(
      'GET',
      `/webhooks/${id}/deliveries?limit=10&cursor=0`,
    );
    expect(page.body).toMatchObject({ total: 1, items: [{ event: 'test' }] });
    expect((await call<RestError>('GET', `/webhooks/${id}/deliveries?limit=0`)).status).toBe(400);

    expect((await call<{ id: string }>('DELETE', `/webhooks/${id}`)).body.id).toBe(id);
    expect((await call<RestError>('GET', `/webhooks/${id}/deliveries`)).status).toBe(404);
  });

  it('lists live workers (none in the embedded mode)', async () => {
    const workers = await call<unknown>('GET', '/workers', { as: 'operator' });
    expect(workers).toEqual({ status: 200, body: [] });
    expect((await call<RestError>('GET', '/workers', { as: 'viewer' })).status).toBe(403);
  });

  it('counts database-reaching REST calls against the same per-IP budget as /trpc', async () => {
    const limited = await new Promise<Server>((resolve) => {
      const s = createApp({ api, corsOrigins: [], production: true, connectionTestRate: 2 }).listen(
        0,
        '127.0.0.1',
        () => resolve(s),
      );
    });
    try {
      const limitedBase = `http://127.0.0.1:${(limited.address() as AddressInfo).port}`;
      const headers = { authorization: `Bearer ${tokens.editor}` };
      const get = (url: string) => fetch(`${limitedBase}${url}`, { headers });
      expect((await get(`/api/v1/connections/${sourceId}/schemas`)).status).toBe(200);
      // Reads that reach no database are not counted.
      for (let i = 0; i < 3; i++) expect((await get('/api/v1/connections')).status).toBe(200);
      expect(
        (
          await get(
            `/trpc/discovery.schemas?input=${encodeURIComponent(JSON.stringify({ json: { connectionId: sourceId } }))}`,
          )
        ).status,
      ).toBe(200);
      const refused = await get(`/api/v1/connections/${sourceId}/tables?schema=public`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'RATE_LIMITED' });
    } finally {
      await new Promise((resolve) => limited.close(resolve));
    }
  });

  it('deletes syncs and connections, and every route was called', async () => {
    expect((await call('DELETE', `/syncs/${syncId}`, { as: 'editor' })).status).toBe(200);
    expect((await call<RestError>('GET', `/syncs/${syncId}`, { as: 'viewer' })).status).toBe(404);
    const deleted = await call<{ id: string }>('DELETE', `/connections/${encodeURIComponent(names.source)}`, {
      as: 'editor',
    });
    expect(deleted.body.id).toBe(sourceId);
    expect((await call('DELETE', `/connections/${destinationId}`, { as: 'editor' })).status).toBe(200);

    const all = listRestRoutes().map((route) => `${route.method} ${route.path}`);
    expect(all.filter((route) => !reached.has(route))).toEqual([]);
  });
});
