import { describe, expect, it } from 'vitest';
import { ConfigFileError, readConfigFile } from './read-config-file.js';

const CONNECTION = `  - name: pg
    dialect: postgres
    host: db.internal
    port: 5432
    database: shop
    username: reader
`;

const SYNC = `  - name: s
    source: { connection: pg, schema: public, table: a }
    destination: { connection: pg, schema: public, table: b }
`;

function problemsOf(text: string, variables: Record<string, string> = {}): string[] {
  try {
    readConfigFile(text, 'f.yaml', variables);
  } catch (error) {
    if (error instanceof ConfigFileError)
      return error.problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('readConfigFile', () => {
  it('applies the defaults and resolves ${VARIABLE} references ($${ stays literal)', () => {
    const file = readConfigFile(
      `connections:\n${CONNECTION}    password: \${PG_PASSWORD}\nsyncs:\n  - name: s\n    description: costs $\${5}\n    source: { connection: pg, schema: public, table: a }\n    destination: { connection: pg, schema: public, table: b }\n`,
      'f.yaml',
      { PG_PASSWORD: 's3cret' },
    );
    expect(file.version).toBe(1);
    expect(file.connections[0]).toMatchObject({ password: 's3cret', isSource: true, isDestination: true });
    expect(file.syncs[0]?.description).toBe('costs ${5}');
    expect(file.syncs[0]).toMatchObject({
      writeMode: 'full_refresh',
      deleteMissing: 'keep',
      driftPolicy: 'fail',
      createDestinationSchema: false,
      retryCount: 0,
      retryBackoffMs: 30_000,
    });
    expect(file.connections[0]?.listAllSchemas).toBe(false);
  });

  it('reads the mode options and a column mapping', () => {
    const file = readConfigFile(
      `connections:\n${CONNECTION}    listAllSchemas: true\nsyncs:\n${SYNC}    writeMode: incremental_merge\n    keyColumns: [id]\n    cursorColumn: updated_at\n    lookbackSeconds: 60\n    deleteMissing: hard\n    driftPolicy: recreate\n    createDestinationSchema: true\n    retryCount: 2\n    retryBackoffMs: 500\n    columnMapping:\n      - { source: id, include: true }\n      - { source: total, include: true, name: amount, type: 'numeric(12,2)' }\n`,
      'f.yaml',
      {},
    );
    expect(file.connections[0]?.listAllSchemas).toBe(true);
    expect(file.syncs[0]).toMatchObject({
      writeMode: 'incremental_merge',
      keyColumns: ['id'],
      cursorColumn: 'updated_at',
      lookbackSeconds: 60,
      deleteMissing: 'hard',
      driftPolicy: 'recreate',
      createDestinationSchema: true,
      retryCount: 2,
      retryBackoffMs: 500,
      columnMapping: [
        { source: 'id', include: true },
        { source: 'total', include: true, name: 'amount', type: 'numeric(12,2)' },
      ],
    });
  });

  it.each([
    [
      'a missing field: the line of the object it belongs in',
      `connections:\n${CONNECTION.replace('    host: db.internal\n', '')}`,
      ['2:5 connections[0].host: Required'],
    ],
    [
      'a wrong type',
      `connections:\n${CONNECTION.replace('5432', 'five')}`,
      ['5:11 connections[0].port: must be a number'],
    ],
    ['an unknown field', `connections:\n${CONNECTION}    hots: x\n`, ['2:5 connections[0]: unknown field hots']],
    [
      'an unknown dialect',
      `connections:\n${CONNECTION.replace('postgres', 'oracle')}`,
      [expect.stringMatching(/^3:14 connections\[0\]\.dialect: Invalid enum value/)],
    ],
    [
      'a sync naming a connection the file does not have',
      `connections:\n${CONNECTION}syncs:\n  - name: s\n    source: { connection: nope, schema: public, table: a }\n    destination: { connection: pg, schema: public, table: b }\n`,
      ['10:27 syncs[0].source.connection: no connection named "nope" in this file'],
    ],
    [
      'a name given twice',
      `connections:\n${CONNECTION}${CONNECTION}`,
      ['8:11 connections[1].name: "pg" appears twice in connections; names are unique'],
    ],
    [
      'a literal secret',
      `connections:\n${CONNECTION}    password: hunter2\n`,
      [expect.stringMatching(/^8:15 connections\[0\]\.password: must be an environment variable reference/)],
    ],
    [
      'an unset variable',
      `connections:\n${CONNECTION}    password: \${PG_PASSWORD}\n`,
      ['8:15 connections[0].password: environment variable PG_PASSWORD is not set'],
    ],
    [
      'an incremental mode without a cursor: the rule of the API, at the sync',
      `connections:\n${CONNECTION}syncs:\n${SYNC}    writeMode: incremental_append\n`,
      ['9:5 syncs[0].cursorColumn: This mode needs a cursor column: one that grows as rows are added or changed.'],
    ],
    [
      'an unknown write mode, drift policy and mapping field',
      `connections:\n${CONNECTION}syncs:\n${SYNC}    writeMode: truncate_insert\n    driftPolicy: ignore\n    columnMapping:\n      - { source: id, include: true, rename: x }\n`,
      [
        expect.stringMatching(/^12:16 syncs\[0\]\.writeMode: Invalid enum value\. Expected 'full_refresh' \| 'append'/),
        expect.stringMatching(/^13:18 syncs\[0\]\.driftPolicy: Invalid enum value/),
        '15:9 syncs[0].columnMapping[0]: unknown field rename',
      ],
    ],
    [
      'a negative lookback',
      `connections:\n${CONNECTION}syncs:\n${SYNC}    writeMode: incremental_merge\n    cursorColumn: u\n    lookbackSeconds: -1\n`,
      [expect.stringMatching(/^14:22 syncs\[0\]\.lookbackSeconds: /)],
    ],
    ['YAML syntax', 'connections:\n  - name: [pg\n', [expect.stringMatching(/^3:1 : /)]],
    [
      'a duplicate key',
      `connections:\n${CONNECTION}    port: 5433\n`,
      [expect.stringMatching(/^8:5 : Map keys must be unique/)],
    ],
  ])('%s', (_case, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });
});
