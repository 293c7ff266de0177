/**
 * The write-mode benchmarks' source: `<schema>.src` of `rows` rows (`id` key, `updated_at`
 * timestamptz cursor, numeric, text, varchar) with the `(updated_at, id)` index an incremental
 * read wants, in a schema made anew. `psql` runs one statement; the caller analyses the table.
 */
export function createSourceTable(psql: (sql: string) => unknown, schema: string, rows: number): void {
  psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  psql(`CREATE SCHEMA ${schema}`);
  psql(
    `CREATE TABLE ${schema}.src (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, amount numeric(12,2), note text, code varchar(64))`,
  );
  psql(
    `INSERT INTO ${schema}.src SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second', g / 100.0, 'note ' || g || repeat('x', 40), 'C' || (g % 1000) FROM generate_series(1, ${rows}) g`,
  );
  psql(`CREATE INDEX ON ${schema}.src (updated_at, id)`);
}
