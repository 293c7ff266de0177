import { describe, expect, it } from 'vitest';
import { mysqlDdl, quoteMysqlIdentifier } from './mysql/mysql-ddl.js';
import { postgresDdl, quotePostgresIdentifier } from './postgres/postgres-ddl.js';

describe('identifier quoting', () => {
  it.each([
    ['plain', '"plain"', '`plain`'],
    ['Mixed Case', '"Mixed Case"', '`Mixed Case`'],
    ['select', '"select"', '`select`'],
    ['a"b', '"a""b"', '`a"b`'],
    ['c`d', '"c`d"', '`c``d`'],
    ["it's", '"it\'s"', "`it's`"],
    ['ünï 名前', '"ünï 名前"', '`ünï 名前`'],
  ])('%s', (name, postgres, mysql) => {
    expect(quotePostgresIdentifier(name)).toBe(postgres);
    expect(quoteMysqlIdentifier(name)).toBe(mysql);
  });
});

describe('CREATE TABLE', () => {
  const columns = [
    { name: 'b', nativeType: 'text', nullable: true, primaryKeyPosition: 2 },
    { name: 'a', nativeType: 'integer', nullable: false, primaryKeyPosition: 1 },
    {
      name: 'mood',
      nativeType: 'text',
      nullable: true,
      primaryKeyPosition: null,
      checkValues: { kind: 'in' as const, values: ["it's", 'ok'] },
    },
  ];
  it('postgres', () => {
    expect(postgresDdl.createTable({ schema: 's', table: 't' }, columns)).toBe(
      'CREATE TABLE "s"."t" (\n  "b" text,\n  "a" integer NOT NULL,\n  "mood" text CHECK ("mood" IN (\'it\'\'s\', \'ok\')),\n  PRIMARY KEY ("a", "b")\n)',
    );
  });
  it('mysql', () => {
    expect(mysqlDdl.createTable({ schema: 's', table: 't' }, columns.slice(0, 2))).toBe(
      'CREATE TABLE `s`.`t` (\n  `b` text NULL,\n  `a` integer NOT NULL,\n  PRIMARY KEY (`a`, `b`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 /*!80000 COLLATE=utf8mb4_0900_bin */ /*M!100202 COLLATE=utf8mb4_nopad_bin */',
    );
  });
  it('swaps in one statement on MySQL', () => {
    expect(
      mysqlDdl.swap({ schema: 's', table: 'live' }, { schema: 's', table: 'stg' }, { schema: 's', table: 'old' }),
    ).toBe('RENAME TABLE `s`.`live` TO `s`.`old`, `s`.`stg` TO `s`.`live`');
  });
});
