import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Connection, openStore, Sync, type Store } from '@pipecraft/store';
import {
  childEnv,
  pgAdmin,
  PG_URL,
  REDIS_URL,
  startServerProcess,
  TEST_SERVERS,
  uniqueName,
  withDatabase,
  type ServerProcess,
} from '@pipecraft/test-support';
import superjson from 'superjson';

const WORKER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface WorkerProcess {
  child: ChildProcess;
  workerId: string;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * A distributed PipeCraft on loopback for one test file: a PostgreSQL store in its own database
 * (which also holds the source and destination tables, so dropping it removes everything), a
 * uniquely named queue on the test Redis, the API server in distributed mode and worker processes.
 */
export class Fleet {
  readonly database = uniqueName('pc_scale');
  readonly queueName = uniqueName('pc_scale_q');
  readonly secretKey = randomBytes(32).toString('base64');
  readonly workers: WorkerProcess[] = [];
  store!: Store;
  server!: ServerProcess;
  apiUrl = '';
  #cookie = '';
  #dataDir = '';

  get storeUrl(): string {
    return withDatabase(PG_URL, this.database).replace(/^postgres:/, 'postgresql:');
  }

  /** Creates the database, the store (migrated) and one PostgreSQL connection to the same database. */
  async open(): Promise<{ connectionId: string }> {
    this.#dataDir = await mkdtemp(path.join(tmpdir(), 'pc-scale-'));
    await pgAdmin((client) => client.query(`CREATE DATABASE "${this.database}"`));
    this.store = await openStore({ dataDir: this.#dataDir, url: this.storeUrl, secretKey: this.secretKey });
    const em = this.store.em();
    const server = TEST_SERVERS.postgres;
    const connection = em.create(Connection, {
      name: 'scale',
      dialect: 'postgres',
      host: server.host,
      port: server.port,
      database: this.database,
      username: server.user,
      isSource: true,
      isDestination: true,
      ...(server.password ? { passwordEncrypted: this.store.secrets.encrypt(server.password) } : {}),
    });
    await em.flush();
    return { connectionId: connection.id };
  }

  /** Syncs from `source` into fresh destination tables `<prefix><n>`, created straight in the store. */
  async createSyncs(connectionId: string, count: number, source: string, prefix: string): Promise<string[]> {
    const em = this.store.em();
    const syncs = Array.from({ length: count }, (_, i) =>
      em.create(Sync, {
        name: `${prefix}${i}`,
        sourceConnection: connectionId,
        sourceSchema: 'public',
        sourceTable: source,
        destinationConnection: connectionId,
        destinationSchema: 'public',
        destinationTable: `${prefix}${i}`,
        writeMode: 'full_refresh',
      }),
    );
    await em.flush();
    return syncs.map((sync) => sync.id);
  }

  /** SQL against the test database (fixtures and read-backs). */
  sql<T>(work: Parameters<typeof pgAdmin<T>>[0]): Promise<T> {
    return pgAdmin(work, { database: this.database });
  }

  /** The API server with no local execution, and an admin session on it. */
  async startApi(): Promise<void> {
    this.server = startServerProcess({
      PIPECRAFT_DATA_DIR: this.#dataDir,
      PIPECRAFT_STORE_URL: this.storeUrl,
      PIPECRAFT_SECRET_KEY: this.secretKey,
      PIPECRAFT_RUN_MODE: 'distributed',
      PIPECRAFT_QUEUE_URL: REDIS_URL,
      PIPECRAFT_QUEUE_NAME: this.queueName,
      PIPECRAFT_MAX_BATCH: '100',
    });
    this.apiUrl = await this.server.listening(60_000);
    const response = await fetch(`${this.apiUrl}/trpc/auth.setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        superjson.serialize({ email: 'admin@example.com', name: 'Admin', password: 'correct horse battery' }),
      ),
    });
    if (response.status !== 200) throw new Error(`setup failed: ${response.status} ${await response.text()}`);
    this.#cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  /** Calls a procedure as the admin; returns the data or throws with the error. */
  async call<T>(procedure: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
    const body = JSON.stringify(superjson.serialize(input));
    const response =
      kind === 'mutation'
        ? await fetch(`${this.apiUrl}/trpc/${procedure}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: this.#cookie },
            body,
          })
        : await fetch(`${this.apiUrl}/trpc/${procedure}?input=${encodeURIComponent(body)}`, {
            headers: { cookie: this.#cookie },
          });
    const json = (await response.json()) as { result?: { data: unknown }; error?: unknown };
    if (!json.result) throw new Error(`${procedure} failed: ${JSON.stringify(json.error)}`);
    return superjson.deserialize(json.result.data as never);
  }

  /** A worker process; resolves once it serves `/healthz`. */
  async startWorker(env: Record<string, string>): Promise<WorkerProcess> {
    // Node itself, not the tsx launcher: a SIGKILL must reach the process that runs the worker.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: WORKER_ROOT,
      env: childEnv({
        PORT: '0',
        PIPECRAFT_DATA_DIR: this.#dataDir,
        PIPECRAFT_STORE_URL: this.storeUrl,
        PIPECRAFT_SECRET_KEY: this.secretKey,
        PIPECRAFT_QUEUE_URL: REDIS_URL,
        PIPECRAFT_QUEUE_NAME: this.queueName,
        ...env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        exitCode = code;
        resolve(code);
      }),
    );
    // Generous: four workers compiling their sources at once on a shared 2-core machine take a while.
    const deadline = Date.now() + 150_000;
    for (;;) {
      const found = /PipeCraft worker (\S+) serving \/healthz and \/metrics on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (found) {
        const worker = { child, workerId: found[1]!, url: found[2]!, output: () => output, exited };
        this.workers.push(worker);
        return worker;
      }
      if (exitCode !== undefined) throw new Error(`worker exited with ${exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`worker did not start within 150 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops every process, empties the queue, drops the database. */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
        await worker.exited;
      }),
    );
    await this.server?.stop();
    await this.store?.close();
    const queue = new Queue(this.queueName, { connection: { url: REDIS_URL }, prefix: 'pipecraft' });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await pgAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`));
    await rm(this.#dataDir, { recursive: true, force: true });
  }
}
