import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiToken,
  AuditEvent,
  Connection,
  Session,
  User,
  isUniqueViolation,
  openStore,
  ORPHANED_RUN_ERROR,
  Pipeline,
  Schedule,
  recoverOrphanedRuns,
  SQLITE_FILE,
  Sync,
  SyncRun,
  Webhook,
  WebhookDelivery,
  type Store,
} from '../src/index.js';
import { migrationsList } from '../src/migrations/index.js';
import { createStoreTarget, STORE_DIALECTS, type StoreTarget } from './store-targets.js';

const CANARY = `canary-${Math.random().toString(36).slice(2)}`;

describe.each(STORE_DIALECTS)('store on %s', (dialect) => {
  let target: StoreTarget;
  let store: Store;

  beforeAll(async () => {
    target = await createStoreTarget(dialect);
    store = await openStore({ dataDir: target.dataDir, url: target.url });
  });

  afterAll(async () => {
    await store?.close();
    await target?.cleanup();
  });

  it('creates the database and applies the migrations on first open', async () => {
    expect(store.dialect).toBe(dialect);
    expect(await store.appliedMigrations()).toEqual(migrationsList.map((migration) => migration.name));
    expect(await store.status()).toEqual({ ok: true, dialect });
  });

  it('keeps connections, syncs and runs across a reopen (the upgrade path)', async () => {
    const em = store.em();
    const source = em.create(Connection, {
      name: `source-${dialect}`,
      dialect: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      username: 'postgres',
      passwordEncrypted: store.secrets.encrypt(CANARY),
      isSource: true,
      isDestination: false,
    });
    const destination = em.create(Connection, {
      name: `destination-${dialect}`,
      dialect: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      database: 'test',
      username: 'root',
      isSource: false,
      isDestination: true,
    });
    const sync = em.create(Sync, {
      name: `sync-${dialect}`,
      sourceConnection: source,
      sourceSchema: 'public',
      sourceTable: 'items',
      destinationConnection: destination,
      destinationSchema: 'test',
      destinationTable: 'items_copy',
      writeMode: 'full_refresh',
    });
    const run = em.create(SyncRun, { sync, status: 'success', rowsCopied: 3_000_000_000, rowCount: 3_000_000_000 });
    await em.flush();

    await store.close();
    store = await openStore({ dataDir: target.dataDir, url: target.url });
    expect(await store.migrate()).toEqual([]);

    const fresh = store.em();
    const loadedSync = await fresh.findOneOrFail(Sync, sync.id);
    expect(loadedSync.sourceConnection.name).toBe(`source-${dialect}`);
    expect(loadedSync.destinationConnection.isDestination).toBe(true);
    expect(loadedSync.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(loadedSync.createdAt.getTime() - sync.createdAt.getTime())).toBeLessThanOrEqual(1);
    const loadedRun = await fresh.findOneOrFail(SyncRun, run.id);
    expect(loadedRun.rowCount).toBe(3_000_000_000);
    const loadedSource = await fresh.findOneOrFail(Connection, source.id);
    expect(loadedSource.isSource).toBe(true);
    expect(loadedSource.passwordEncrypted).not.toContain(CANARY);
    expect(store.secrets.decrypt(loadedSource.passwordEncrypted!)).toBe(CANARY);
  });

  it('keeps users, sessions, API tokens and audit events, with unique emails', async () => {
    const em = store.em();
    const user = em.create(User, {
      email: `a-${dialect}@example.com`,
      name: 'A',
      passwordHash: 'scrypt$x',
      role: 'admin',
    });
    em.create(Session, { id: 'a'.repeat(64), user, expiresAt: new Date(Date.now() + 60_000) });
    em.create(ApiToken, { name: 't', tokenHash: 'b'.repeat(64), prefix: 'pct_abcd', owner: user, role: 'viewer' });
    em.create(AuditEvent, { action: 'user.create', actorId: user.id, changesJson: '{}' });
    await em.flush();

    const fresh = store.em();
    const session = await fresh.findOneOrFail(Session, 'a'.repeat(64), { populate: ['user'] });
    expect(session.user.email).toBe(`a-${dialect}@example.com`);
    expect(session.revokedAt).toBeNull();
    expect((await fresh.findOneOrFail(ApiToken, { tokenHash: 'b'.repeat(64) })).role).toBe('viewer');
    expect(await fresh.count(AuditEvent, { actorId: user.id })).toBe(1);

    const again = store.em();
    again.create(User, { email: `a-${dialect}@example.com`, name: 'B', passwordHash: 'scrypt$y', role: 'viewer' });
    const error = await again.flush().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('keeps webhooks and their deliveries, and re-seals webhook secrets on rotation', async () => {
    const em = store.em();
    const webhook = em.create(Webhook, {
      name: `hook-${dialect}`,
      url: 'https://example.com/hook',
      events: 'failure,recovery',
      secretSealed: store.secrets.encrypt(CANARY),
    });
    em.create(WebhookDelivery, { webhook, event: 'failure', runId: null, attempts: 2, responseCode: 500 });
    await em.flush();

    const fresh = store.em();
    const read = await fresh.findOneOrFail(Webhook, webhook.id);
    expect(read.enabled).toBe(true);
    expect(store.secrets.decrypt(read.secretSealed)).toBe(CANARY);
    const [delivery] = await fresh.find(WebhookDelivery, { webhook: webhook.id });
    expect(delivery).toMatchObject({ event: 'failure', status: 'pending', attempts: 2, responseCode: 500 });
    // Nothing to re-seal under the same key: the webhook secret is counted and left alone.
    expect(await store.resealSecrets()).toBe(0);
    await fresh.nativeDelete(WebhookDelivery, { webhook: webhook.id });
    await fresh.nativeDelete(Webhook, { id: webhook.id });
  });

  it('enforces unique connection names', async () => {
    const em = store.em();
    em.create(Connection, {
      name: `source-${dialect}`,
      dialect: 'postgres',
      host: 'h',
      port: 1,
      database: 'd',
      username: 'u',
      isSource: true,
      isDestination: true,
    });
    const error = await em.flush().catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('keeps pipelines, schedules, retry settings and attempts (migration 007)', async () => {
    const em = store.em();
    const sync = await em.findOneOrFail(Sync, { name: `sync-${dialect}` });
    expect(sync.retryCount).toBe(0);
    const pipeline = em.create(Pipeline, {
      name: `pipeline-${dialect}`,
      sourceConnection: sync.sourceConnection,
      sourceSchema: 'sakila',
      destinationConnection: sync.destinationConnection,
      destinationSchema: 'public',
      namingRule: 'prefix',
      namingAffix: 'sk_',
      concurrency: 3,
    });
    sync.pipeline = pipeline;
    sync.retryCount = 2;
    sync.retryBackoffMs = 1500;
    const nextRunAt = new Date('2026-03-29T00:30:00.123Z');
    em.create(Schedule, { pipeline, cron: '0 2 * * *', timeZone: 'Europe/Paris', nextRunAt });
    const first = em.create(SyncRun, { sync, status: 'failed', rowsCopied: 0 });
    em.create(SyncRun, { sync, status: 'cancelled', rowsCopied: 0, attempt: 2, retryOf: first.id, trigger: 'retry' });
    await em.flush();

    const check = store.em();
    const again = await check.findOneOrFail(Sync, sync.id, { populate: ['pipeline'] });
    expect(again.retryCount).toBe(2);
    expect(again.retryBackoffMs).toBe(1500);
    expect(again.pipeline?.namingAffix).toBe('sk_');
    const schedule = await check.findOneOrFail(Schedule, { pipeline: pipeline.id });
    expect(schedule.nextRunAt?.toISOString()).toBe(nextRunAt.toISOString());
    expect(schedule.paused).toBe(false);
    const retry = await check.findOneOrFail(SyncRun, { retryOf: first.id });
    expect(retry).toMatchObject({ attempt: 2, status: 'cancelled', trigger: 'retry' });
    expect((await check.findOneOrFail(SyncRun, first.id)).trigger).toBe('manual');

    await check.nativeDelete(Schedule, { pipeline: pipeline.id });
    await check.nativeDelete(SyncRun, { sync: sync.id, id: { $ne: null } });
    await check.nativeUpdate(Sync, { id: sync.id }, { pipeline: null });
    await check.nativeDelete(Pipeline, { id: pipeline.id });
  });

  it('marks runs left pending/running by a crash as failed', async () => {
    const em = store.em();
    const sync = await em.findOneOrFail(Sync, { name: `sync-${dialect}` });
    const running = em.create(SyncRun, { sync, status: 'running', rowsCopied: 10, startedAt: new Date() });
    const pending = em.create(SyncRun, { sync, status: 'pending', rowsCopied: 0 });
    await em.flush();

    expect(await recoverOrphanedRuns(store.em())).toBe(2);
    const check = store.em();
    for (const id of [running.id, pending.id]) {
      const run = await check.findOneOrFail(SyncRun, id);
      expect(run.status).toBe('failed');
      expect(run.errorCode).toBe(ORPHANED_RUN_ERROR.code);
      expect(run.errorMessage).toBe(ORPHANED_RUN_ERROR.message);
      expect(run.finishedAt).toBeInstanceOf(Date);
    }
    expect(await recoverOrphanedRuns(store.em())).toBe(0);
  });

  if (dialect === 'sqlite') {
    it('never writes the password in plain text into the SQLite file', async () => {
      await store.close();
      const bytes = await readFile(path.join(target.dataDir, SQLITE_FILE));
      expect(bytes.includes(Buffer.from(CANARY))).toBe(false);
      store = await openStore({ dataDir: target.dataDir, url: target.url });
    });
  }
});
