import { describe, expect, it } from 'vitest';
import { ConfigFileError, readConfigFile } from './read-config-file.js';

const CONNECTION = `  - name: pg
    dialect: postgres
    host: db.internal
    port: 5432
    database: shop
    username: reader
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
    expect(file.syncs[0]?.writeMode).toBe('full_refresh');
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
