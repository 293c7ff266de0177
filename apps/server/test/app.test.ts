import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDeps, type ApiDeps } from '@pipecraft/api';
import { createLogger } from '@pipecraft/logger';
import { RunExecutor } from '@pipecraft/runner';
import { openStore, type Store } from '@pipecraft/store';
import { createApp, type AppOptions } from '../src/app.js';
import { createWebHandler } from '../src/web-handler.js';

let dataDir: string;
let store: Store;
let runner: RunExecutor;
let api: ApiDeps;
const logLines: string[] = [];
const servers: Server[] = [];
/** The admin's session cookie, sent by default. */
let adminCookie: string;
const ADMIN = { email: 'admin@example.com', name: 'Admin', password: 'correct horse battery staple' };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-server-test-'));
  store = await openStore({ dataDir });
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  runner = new RunExecutor({ store, logger });
  api = createApiDeps({ store, logger, runner });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await runner?.shutdown();
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Listens on an ephemeral port and returns the base URL. */
async function serve(options: Partial<AppOptions> = {}): Promise<string> {
  const app = createApp({ api, corsOrigins: [], production: true, ...options });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The parts of a tRPC HTTP response body these tests read. */
interface TrpcBody {
  result: { data: { json: unknown; meta?: unknown } };
  error: {
    json: { message: string; data: Record<string, unknown> & { fieldErrors: Record<string, string[]> | null } };
  };
}

async function trpcMutation(
  base: string,
  procedure: string,
  input: unknown,
  headers: Record<string, string> = { cookie: adminCookie },
) {
  const response = await fetch(`${base}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(superjson.serialize(input)),
  });
  return { status: response.status, body: (await response.json()) as TrpcBody, headers: response.headers };
}

async function trpcQuery(base: string, procedure: string, headers: Record<string, string> = { cookie: adminCookie }) {
  const response = await fetch(`${base}/trpc/${procedure}`, { headers });
  return { status: response.status, body: (await response.json()) as TrpcBody };
}

describe('signing in over HTTP', () => {
  it('refuses all but setup before the first admin, then sets an HttpOnly SameSite=Lax session cookie', async () => {
    const base = await serve();
    const before = await trpcQuery(base, 'connections.list', {});
    expect(before.status).toBe(401);
    expect(before.body.error.json.data).toMatchObject({ appCode: 'SETUP_REQUIRED' });

    const setup = await trpcMutation(base, 'auth.setup', ADMIN, {});
    expect(setup.status).toBe(200);
    const cookie = setup.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pc_session=pcs_[\w-]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    adminCookie = cookie.split(';')[0]!;
    expect((await trpcQuery(base, 'connections.list')).status).toBe(200);
    expect((await trpcQuery(base, 'connections.list', {})).body.error.json.data).toMatchObject({
      appCode: 'UNAUTHENTICATED',
    });
  });

  it('signs in and out, and accepts an API token as Authorization: Bearer', async () => {
    const base = await serve();
    const signIn = await trpcMutation(base, 'auth.signIn', { email: ADMIN.email, password: ADMIN.password }, {});
    const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(session).toMatch(/^pc_session=pcs_/);
    const signOut = await trpcMutation(base, 'auth.signOut', undefined, { cookie: session });
    expect(signOut.headers.get('set-cookie')).toMatch(/^pc_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    expect((await trpcQuery(base, 'syncs.list', { cookie: session })).status).toBe(401);

    const created = await trpcMutation(base, 'tokens.create', { name: 'http', role: 'viewer', expiresInDays: 1 });
    const { token } = superjson.deserialize<{ token: string }>(
      created.body.result.data as Parameters<typeof superjson.deserialize>[0],
    );
    expect((await trpcQuery(base, 'syncs.list', { authorization: `Bearer ${token}` })).status).toBe(200);
    const refused = await trpcMutation(
      base,
      'syncs.delete',
      { id: '00000000-0000-4000-8000-000000000000' },
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.json.data).toMatchObject({ appCode: 'FORBIDDEN' });
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const app = createApp({ api, corsOrigins: [], production: true, trustProxy: 'loopback' });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const signIn = await trpcMutation(
      base,
      'auth.signIn',
      { email: ADMIN.email, password: ADMIN.password },
      {
        'x-forwarded-proto': 'https',
      },
    );
    expect(signIn.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Lax$/);
    // Without trust proxy, the header is not believed.
    const plain = await trpcMutation(
      await serve(),
      'auth.signIn',
      { email: ADMIN.email, password: ADMIN.password },
      { 'x-forwarded-proto': 'https' },
    );
    expect(plain.headers.get('set-cookie')).not.toContain('Secure');
  });
});

describe('createApp', () => {
  it('GET /healthz reports the store', async () => {
    const base = await serve();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', store: { ok: true, dialect: 'sqlite' } });
  });

  it('serves tRPC over HTTP with superjson (mutation, then query)', async () => {
    const base = await serve();
    const created = await trpcMutation(base, 'connections.create', {
      name: 'http-created',
      dialect: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      username: 'postgres',
      password: 'never-returned',
      isSource: true,
      isDestination: true,
    });
    expect(created.status).toBe(200);
    const dto = superjson.deserialize<Record<string, unknown>>(
      created.body.result.data as Parameters<typeof superjson.deserialize>[0],
    );
    expect(dto).toMatchObject({ name: 'http-created', hasPassword: true });
    expect(dto.createdAt).toBeInstanceOf(Date);

    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ id: dto.id })));
    const got = await fetch(`${base}/trpc/connections.get?input=${input}`, { headers: { cookie: adminCookie } });
    expect(got.status).toBe(200);
    const text = await got.text();
    expect(text).not.toContain('never-returned');
    expect(superjson.deserialize<Record<string, unknown>>(JSON.parse(text).result.data)).toMatchObject({ id: dto.id });
  });

  it('puts appCode and fieldErrors on error shapes, and never a stack', async () => {
    const base = await serve({ production: false });
    const invalid = await trpcMutation(base, 'connections.create', { name: '', dialect: 'oracle' });
    expect(invalid.status).toBe(400);
    const error = invalid.body.error.json;
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', appCode: 'VALIDATION_FAILED', httpStatus: 400 });
    expect(error.data.fieldErrors).toHaveProperty('name');
    expect(error.data.fieldErrors).toHaveProperty('dialect');
    expect(error.data).not.toHaveProperty('stack');

    const missing = await trpcMutation(base, 'connections.delete', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.json.data).toMatchObject({ appCode: 'NOT_FOUND', fieldErrors: null });
  });

  it('rejects JSON bodies over 1 MB', async () => {
    const base = await serve();
    const response = await fetch(`${base}/trpc/connections.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'x'.repeat(1_200_000) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).not.toMatch(/at .*\.js:\d+/);
  });

  it('in production, an unexpected error answers 500 without a stack and logs it', async () => {
    const boom: AppOptions['web'] = () => {
      throw new Error('boom at mysql://root:topsecret@db/x');
    };
    const base = await serve({ production: true, web: boom });
    const response = await fetch(`${base}/some/page`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { message: 'Internal server error.', status: 500 } });
    expect(body).not.toContain('boom');
    expect(logLines.some((line) => line.includes('boom at mysql://root:[redacted]@db/x'))).toBe(true);
    expect(logLines.some((line) => line.includes('topsecret'))).toBe(false);
  });

  it('answers CORS preflights only for configured origins', async () => {
    const base = await serve({ corsOrigins: ['http://localhost:5173'] });
    const preflight = (origin: string) =>
      fetch(`${base}/trpc/connections.list`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:5173',
    );
    expect((await preflight('http://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('without a web build, serves a page saying how to build it', async () => {
    const web = await createWebHandler({ webRoot: dataDir, production: true });
    const base = await serve({ web });
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build -w @pipecraft/web');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
