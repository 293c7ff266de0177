import type pg from 'pg';
import type { TableInfo, TableRef } from '../../contract.js';
import type { LogicalColumn } from '../../types/logical-type.js';
import { postgresToLogical } from './postgres-type-mapper.js';

export async function listPostgresSchemas(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_catalog.pg_namespace
      WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
      ORDER BY nspname`,
  );
  return result.rows.map((row) => row.name);
}

export async function postgresSchemaExists(client: pg.Client, schema: string): Promise<boolean> {
  const result = await client.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]);
  return (result.rowCount ?? 0) > 0;
}

/** `reltuples` of one table; -1 (never analysed, PostgreSQL 14+) is "unknown", not 0. */
export async function postgresRowEstimate(client: pg.Client, table: TableRef): Promise<number | null> {
  const result = await client.query<{ estimate: string | null }>(
    `SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint::text END AS estimate
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [table.schema, table.table],
  );
  const estimate = result.rows[0]?.estimate;
  return estimate === null || estimate === undefined ? null : Number(estimate);
}

export async function listPostgresTables(client: pg.Client, schema: string): Promise<TableInfo[]> {
  // reltuples is -1 for a table never analysed (PostgreSQL 14+): report "unknown", not 0.
  // Size: heap, indexes and TOAST; a partitioned parent has no storage of its own, so sum its partitions.
  const result = await client.query<{ name: string; relkind: string; estimate: string | null; size: string | null }>(
    `SELECT c.relname AS name, c.relkind,
            CASE WHEN c.relkind IN ('r','p','m','f') AND c.reltuples >= 0 THEN c.reltuples::bigint::text END AS estimate,
            CASE WHEN c.relkind IN ('r','m') THEN pg_catalog.pg_total_relation_size(c.oid)::text
                 WHEN c.relkind = 'p' THEN (SELECT sum(pg_catalog.pg_total_relation_size(i.inhrelid))::bigint::text
                                              FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid) END AS size
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r','p','v','m','f')
      ORDER BY c.relname`,
    [schema],
  );
  return result.rows.map((row) => ({
    name: row.name,
    kind: row.relkind === 'v' || row.relkind === 'm' ? 'view' : 'table',
    rowEstimate: row.estimate === null ? null : Number(row.estimate),
    sizeBytes: row.size === null ? null : Number(row.size),
  }));
}

export async function listPostgresTablesWithPrefix(
  client: pg.Client,
  schema: string,
  prefix: string,
): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r','p') AND left(c.relname, length($2)) = $2`,
    [schema, prefix],
  );
  return result.rows.map((row) => row.name);
}

interface ColumnRow {
  name: string;
  native: string;
  notnull: boolean;
  def: string | null;
  pkpos: number | null;
  typtype: string;
  domain_base: string | null;
  domain_name: string | null;
  enum_labels: string[] | null;
  enum_schema: string | null;
  enum_name: string | null;
  /** The expression of a stored generated column, else null. */
  generated: string | null;
  /** The base type (or array element type) is one the user created: composite, range, base or multirange. */
  user_defined: boolean;
}

interface PostgresTableShape {
  columns: LogicalColumn[];
  /**
   * A plain table without children or generated columns: `COPY table (cols) TO` reads exactly its
   * rows (for a parent it would skip the children's; a generated column it refuses outright).
   */
  plain: boolean;
}

export async function describePostgresTable(client: pg.Client, table: TableRef): Promise<PostgresTableShape | null> {
  const rel = await client.query<{ oid: number; plain: boolean }>(
    `SELECT c.oid, (c.relkind = 'r' AND NOT c.relhassubclass) AS plain FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r','p','v','m','f')`,
    [table.schema, table.table],
  );
  const oid = rel.rows[0]?.oid;
  if (oid === undefined) return null;
  const plain = rel.rows[0]?.plain === true;
  // Domains are resolved to their base type (constraints are reported as lost); enum labels come
  // from the base type, so an enum behind a domain still maps.
  const result = await client.query<ColumnRow>(
    `SELECT a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS native,
            a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS def,
            (SELECT k.n::int FROM pg_catalog.pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(att, n)
              WHERE i.indrelid = a.attrelid AND i.indisprimary AND k.att = a.attnum) AS pkpos,
            t.typtype,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS domain_base,
            CASE WHEN t.typtype = 'd' THEN format_type(a.atttypid, NULL) END AS domain_name,
            (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e
              WHERE e.enumtypid = bt.oid) AS enum_labels,
            en.nspname AS enum_schema, et.typname AS enum_name,
            CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
            (bt.typtype IN ('c','r','m') OR (bt.typtype = 'b' AND bn.nspname NOT IN ('pg_catalog','information_schema')))
              AS user_defined
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       -- The type a value is made of: a domain's base, an array's element (an enum array's labels too).
       JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype
                                                  WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
       JOIN pg_catalog.pg_namespace bn ON bn.oid = bt.typnamespace
       LEFT JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AND et.typtype = 'e'
       LEFT JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [oid],
  );
  const columns = result.rows.map((row) => {
    const baseNative = row.domain_base ?? row.native;
    const enumType =
      row.enum_labels && row.enum_schema && row.enum_name
        ? { schema: row.enum_schema, name: row.enum_name }
        : undefined;
    const column: LogicalColumn = {
      name: row.name,
      nativeType: row.native,
      logical: postgresToLogical(baseNative, {
        ...(row.enum_labels ? { enum: { labels: row.enum_labels, type: enumType } } : {}),
        userDefined: row.user_defined,
      }),
      nullable: !row.notnull,
      primaryKeyPosition: row.pkpos ?? null,
      default: row.def,
    };
    if (row.domain_name) column.domain = row.domain_name;
    if (row.generated !== null) column.generated = row.generated;
    return column;
  });
  return { columns, plain: plain && columns.every((column) => column.generated === undefined) };
}
