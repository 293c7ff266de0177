import { TEST_SERVERS, adminQuery, myQuote, pgAdmin, type TestServer } from '@pipecraft/test-support';

/** The pieces a user types into the connection form. */
export interface DbAddress {
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
}

function formAddress(server: TestServer): DbAddress {
  return {
    host: server.host,
    port: String(server.port),
    database: server.database,
    username: server.user,
    password: server.password,
  };
}

/** The suite's own PostgreSQL and MariaDB (@pipecraft/test-support reads where they are). */
export const pgAddress = formAddress(TEST_SERVERS.postgres);
export const mysqlAddress = formAddress(TEST_SERVERS.mysql);

/** A PostgreSQL schema with one table of `rows` known rows, for a sync to read. */
export async function createPgSourceTable(schema: string, table: string, rows: number): Promise<void> {
  await pgAdmin(async (c) => {
    await c.query(`CREATE SCHEMA "${schema}"`);
    await c.query(
      `CREATE TABLE "${schema}"."${table}" (
         id integer PRIMARY KEY,
         name text NOT NULL,
         amount numeric(12,2),
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await c.query(
      `INSERT INTO "${schema}"."${table}" (id, name, amount)
       SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
  });
}

/** A MariaDB user with a password, so a wrong password can be shown failing (PostgreSQL here trusts everyone). */
export async function createMysqlUser(user: string, password: string, database: string): Promise<void> {
  await adminQuery('mysql', 'CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
  await adminQuery('mysql', `GRANT ALL PRIVILEGES ON ${myQuote(database)}.* TO ?@?`, [user, '%']);
}

export async function dropMysqlUser(user: string): Promise<void> {
  await adminQuery('mysql', 'DROP USER IF EXISTS ?@?', [user, '%']);
}
