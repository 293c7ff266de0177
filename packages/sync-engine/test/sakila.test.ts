import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTables, runSync } from '../src/index.js';
import type { ConnectionConfig } from '../src/index.js';
import { countRows, createScratch, dropScratch, myAdmin, pgAdmin, uniqueName } from '@pipecraft/test-support';
import { MY, PG } from './support/databases.js';
import { dropPostgresDatabase, loadMysqlSakila, loadPostgresSakila } from '@pipecraft/test-support';

/** Both editions of Sakila, every table, each way across dialects: row counts must match. */
const mysqlSource = uniqueName('pc_sakila_src');
const postgresSourceDb = uniqueName('pc_sakila_src');
const postgresTarget = uniqueName('pc_sakila_dst');
const mysqlTarget = uniqueName('pc_sakila_dst');
const pgSource: ConnectionConfig = { ...PG, database: postgresSourceDb };

beforeAll(async () => {
  await createScratch('mysql', mysqlSource);
  await Promise.all([loadMysqlSakila(mysqlSource), loadPostgresSakila(postgresSourceDb)]);
  await createScratch('postgres', postgresTarget);
  await createScratch('mysql', mysqlTarget);
}, 300_000);

afterAll(async () => {
  await dropScratch('mysql', mysqlSource);
  await dropScratch('mysql', mysqlTarget);
  await dropScratch('postgres', postgresTarget);
  await dropPostgresDatabase(postgresSourceDb);
});

async function postgresCount(database: string, schema: string, table: string): Promise<number> {
  if (database === PG.database) return countRows('postgres', schema, table);
  const pg = await import('pg');
  const client = new pg.default.Client({ host: PG.host, port: PG.port, user: PG.user, database });
  await client.connect();
  try {
    const result = await client.query(`SELECT count(*) AS n FROM "${schema}"."${table}"`);
    return Number(result.rows[0].n);
  } finally {
    await client.end();
  }
}

describe('Sakila', () => {
  it('MySQL → PostgreSQL: every table, matching row counts', async () => {
    const tables = (await listTables(MY, mysqlSource)).filter((table) => table.kind === 'table');
    expect(tables.length).toBe(16);
    const copied: Record<string, number> = {};
    for (const { name } of tables) {
      const result = await runSync({
        source: { connection: MY, table: { schema: mysqlSource, table: name } },
        destination: { connection: PG, table: { schema: postgresTarget, table: name } },
        writeMode: 'full_refresh',
      });
      copied[name] = result.rowsWritten;
      expect([name, await countRows('postgres', postgresTarget, name)]).toEqual([
        name,
        await countRows('mysql', mysqlSource, name),
      ]);
    }
    expect(copied).toMatchObject({ actor: 200, film: 1000, rental: 16044, payment: 16049, address: 603 });
    // Spot checks of the awkward columns: SET → text[], geometry → WKT, YEAR, BLOB.
    const film = await pgAdmin(
      async (client) =>
        (
          await client.query(
            `SELECT special_features::text, rating, release_year::text FROM "${postgresTarget}".film WHERE film_id = 1`,
          )
        ).rows[0],
    );
    expect(film).toEqual({
      special_features: '{"Deleted Scenes","Behind the Scenes"}',
      rating: 'PG',
      release_year: '2006',
    });
    const address = await pgAdmin(
      async (client) =>
        (await client.query(`SELECT location FROM "${postgresTarget}".address WHERE address_id = 1`)).rows[0],
    );
    expect(address.location).toBe('POINT(-112.8185647 49.6999986)');
  });

  it('PostgreSQL → MySQL: every table, matching row counts', async () => {
    const tables = (await listTables(pgSource, 'public')).filter((table) => table.kind === 'table');
    expect(tables.map((table) => table.name)).toContain('payment_p2007_01');
    const copied: Record<string, number> = {};
    for (const { name } of tables) {
      const result = await runSync({
        source: { connection: pgSource, table: { schema: 'public', table: name } },
        destination: { connection: MY, table: { schema: mysqlTarget, table: name } },
        writeMode: 'full_refresh',
      });
      copied[name] = result.rowsWritten;
      expect([name, await countRows('mysql', mysqlTarget, name)]).toEqual([
        name,
        await postgresCount(postgresSourceDb, 'public', name),
      ]);
    }
    expect(copied).toMatchObject({ actor: 200, film: 1000, rental: 16044 });
    const film = await myAdmin(async (connection) => {
      const [rows] = await connection.query(
        `SELECT special_features, rating, release_year, LEFT(\`fulltext\`, 12) AS ft FROM \`${mysqlTarget}\`.film WHERE film_id = 1`,
      );
      return (rows as unknown[])[0];
    });
    expect(film).toEqual({
      special_features: '["Deleted Scenes","Behind the Scenes"]',
      rating: 'PG',
      release_year: 2006,
      ft: "'academi':1 ",
    });
  });
});
