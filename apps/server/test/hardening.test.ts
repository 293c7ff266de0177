import http from 'node:http';
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
import { allowedHostsOf, LOOPBACK_HOSTS } from '../src/security/host-allowlist.js';

let dataDir: string;
let store: Store;
let runner: RunExecutor;
let api: ApiDeps;
const servers: Server[] = [];
/** The admin's session cookie: these requests must reach the procedures, which refuse anyone signed out. */
let cookie: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-server-hardening-'));
  store = await openStore({ dataDir });
  const logger = createLogger({ level: 'error', write: () => undefined });
  runner = new RunExecutor({ store, logger });
  api = createApiDeps({ store, logger, runner });
  const admin = { email: 'admin@example.com', name: 'Admin', password: 'correct horse battery staple' };
  const session = await api.services.auth.setup(admin, { actor: null, ip: null }, null);
  cookie = `pc_session=${session.secret}`;
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await runner?.shutdown();
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function serve(options: Partial<AppOptions> = {}): Promise<{ base: string; port: number }> {
  const app = createApp({ api, corsOrigins: [], production: false, allowedHosts: LOOPBACK_HOSTS, ...options });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port };
}

/** A raw request, so Host and other forbidden-to-fetch headers can be set. */
function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const listBody = JSON.stringify({ 0: superjson.serialize({}) });

describe('HTTP hardening', () => {
  it('sends a CSP with a per-request nonce and frame-ancestors none, and forbids framing', async () => {
    const { base } = await serve();
    const first = await fetch(`${base}/healthz`);
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const second = await fetch(`${base}/healthz`);
    expect(second.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('answers only to allowed host names (DNS rebinding)', async () => {
    const { port } = await serve();
    expect((await raw(port, { path: '/healthz', headers: { host: `127.0.0.1:${port}` } })).status).toBe(200);
    expect((await raw(port, { path: '/healthz', headers: { host: `localhost:${port}` } })).status).toBe(200);
    const rebound = await raw(port, { path: '/trpc/connections.list', headers: { host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(421);
    expect(rebound.body).toContain('PIPECRAFT_PUBLIC_URL');
    expect(allowedHostsOf('https://pipecraft.example.com/')).toEqual(['pipecraft.example.com']);
    const { port: publicPort } = await serve({ allowedHosts: allowedHostsOf('https://pipecraft.example.com') });
    expect((await raw(publicPort, { path: '/healthz', headers: { host: 'pipecraft.example.com' } })).status).toBe(200);
    expect((await raw(publicPort, { path: '/healthz', headers: { host: `127.0.0.1:${publicPort}` } })).status).toBe(
      421,
    );
  });

  it('refuses cross-site and non-JSON mutations before they run', async () => {
    const { port } = await serve({ corsOrigins: ['http://localhost:5173'] });
    const post = (headers: Record<string, string>) =>
      raw(port, {
        method: 'POST',
        path: '/trpc/connections.create?batch=1',
        headers: { host: `127.0.0.1:${port}`, cookie, ...headers },
        body: JSON.stringify({ 0: superjson.serialize({ name: '' }) }),
      });
    // A form post (text/plain) cannot become a mutation.
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post({ 'content-type': 'application/json', origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Same origin, a configured origin, or no browser at all reach the procedure (here: a validation error).
    expect((await post({ 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` })).status).toBe(400);
    expect(
      (
        await post({
          'content-type': 'application/json',
          origin: 'http://localhost:5173',
          'sec-fetch-site': 'cross-site',
        })
      ).status,
    ).toBe(400);
    expect((await post({ 'content-type': 'application/json' })).status).toBe(400);
  });

  it('caps the calls in one batch', async () => {
    const { base } = await serve({ maxBatch: 3 });
    const batch = (n: number) =>
      fetch(
        `${base}/trpc/${Array.from({ length: n }, () => 'meta.dialects').join(',')}?batch=1&input=${encodeURIComponent(
          JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, superjson.serialize(undefined)]))),
        )}`,
        { headers: { cookie } },
      );
    expect((await batch(3)).status).toBe(200);
    const over = await batch(4);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({
      error: { status: 413, message: 'At most 3 calls per batch request (got 4).' },
    });
  });

  it('rate-limits connection tests per client, counting each call of a batch', async () => {
    const { base } = await serve({ connectionTestRate: 3 });
    const id = '00000000-0000-4000-8000-000000000000';
    const tests = (n: number) =>
      fetch(`${base}/trpc/${Array.from({ length: n }, () => 'connections.test').join(',')}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, superjson.serialize({ id })]))),
      });
    expect((await tests(2)).status).toBe(404); // ran: the connection does not exist
    const limited = await tests(2);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/at most 3 a minute/);
    // Other procedures are not limited.
    expect(
      (await fetch(`${base}/trpc/connections.list?input=${encodeURIComponent(listBody)}`, { headers: { cookie } }))
        .status,
    ).toBe(200);
  });

  it('never returns a stack or a path, also in development (400, 413)', async () => {
    const { base } = await serve({ production: false });
    const broken = await fetch(`${base}/trpc/connections.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"json": {',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: { status: 400, message: 'The request body is not valid JSON.' } });
    const large = await fetch(`${base}/trpc/connections.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'x'.repeat(1_200_000) } }),
    });
    expect(large.status).toBe(413);
    const text = await large.text();
    expect(text).not.toMatch(/stack|node_modules|\/work\/|\.[jt]s:\d+/);
    expect(JSON.parse(text)).toEqual({
      error: { status: 413, message: 'The request body is too large (at most 1 MB).' },
    });
  });
});
