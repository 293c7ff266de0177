import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  countRows,
  createScratch,
  createTable,
  dropScratch,
  qualified,
  uniqueName,
} from '@pipecraft/test-support';
import { connectionInput } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, waitFor, type Harness } from './support/harness.js';

/**
 * Pipelines (issue 12): many MySQL tables into a PostgreSQL schema in one step — previewed
 * together (problems first), created as one sync per table, run under the group's concurrency
 * limit, refused while running, deleted with their members.
 */
const source = uniqueName('pc_pipe_src');
const destination = uniqueName('pc_pipe_dst');
let h: Harness;
let mysqlId: string;
let pgId: string;

beforeAll(async () => {
  h = await createHarness();
  await createScratch('mysql', source);
  await createScratch('postgres', destination);
  for (const [table, rows] of [
    ['actor', 30],
    ['film', 20],
    ['taken', 5],
  ] as const) {
    await createTable('mysql', source, table, 'id int PRIMARY KEY, name varchar(40) NOT NULL, price double');
    await adminQuery(
      'mysql',
      `INSERT INTO ${qualified('mysql', source, table)} WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?) SELECT n, CONCAT('n', n), n / 3 FROM s`,
      [rows],
    );
  }
  mysqlId = (await h.caller.connections.create(connectionInput('mysql', uniqueName('my')))).id;
  pgId = (await h.caller.connections.create(connectionInput('postgres', uniqueName('pg')))).id;
  // A sync on its own already writes what the pipeline would name `sk_taken`.
  await h.caller.syncs.create({
    name: uniqueName('owner'),
    sourceConnectionId: mysqlId,
    sourceSchema: source,
    sourceTable: 'taken',
    destinationConnectionId: pgId,
    destinationSchema: destination,
    destinationTable: 'sk_taken',
  });
});
afterAll(async () => {
  await h?.close();
  await dropScratch('mysql', source);
  await dropScratch('postgres', destination);
});

const tableSet = (tables: string[]) => ({
  sourceConnectionId: mysqlId,
  sourceSchema: source,
  tables,
  destinationConnectionId: pgId,
  destinationSchema: destination,
  namingRule: 'prefix' as const,
  namingAffix: 'sk_',
});

describe('pipelines', () => {
  it('previews every table on one page, problems first, and warns of a destination another sync writes', async () => {
    const preview = await h.caller.pipelines.preview(tableSet(['actor', 'film', 'taken']));
    expect(preview.items.map((item) => [item.sourceTable, item.destinationTable])).toEqual([
      ['taken', 'sk_taken'],
      ['actor', 'sk_actor'],
      ['film', 'sk_film'],
    ]);
    expect(preview.problemCount).toBe(1);
    expect(preview.items[0]!.problems).toEqual([expect.stringMatching(/already writes .*sk_taken/)]);
    // `double` maps without loss; the plan carries the DDL to create each table.
    expect(preview.items[1]!.plan?.createTableDdl).toMatch(/CREATE TABLE .*"sk_actor"/);
  });

  it('refuses the whole set when one table has a problem, naming it', async () => {
    const error = await expectFailure(
      h.caller.pipelines.create({ name: uniqueName('refused'), ...tableSet(['actor', 'taken']) }),
      { code: 'BAD_REQUEST', appCode: 'VALIDATION_FAILED' },
    );
    expect(fieldErrorsOf(error)).toEqual({ tables: [expect.stringMatching(/^taken: .*already writes/)] });
    expect((await h.caller.pipelines.list()).map((p) => p.name)).not.toContain('refused');
    expect((await h.caller.syncs.list()).filter((sync) => sync.destination.table === 'sk_actor')).toEqual([]);
  });

  it('creates one sync per table, runs them one at a time under concurrency 1, refuses a second run meanwhile', async () => {
    const name = uniqueName('Sakila-ish');
    const pipeline = await h.caller.pipelines.create({ name, concurrency: 1, ...tableSet(['film', 'actor']) });
    expect(pipeline.members.map((sync) => [sync.name, sync.destination.table])).toEqual([
      [`${name} / actor`, 'sk_actor'],
      [`${name} / film`, 'sk_film'],
    ]);
    expect(await h.caller.pipelines.run({ id: pipeline.id })).toEqual({ members: 2 });
    await expectFailure(h.caller.pipelines.run({ id: pipeline.id }), {
      code: 'CONFLICT',
      appCode: 'RUN_ALREADY_ACTIVE',
    });

    const members = await waitFor(async () => {
      const current = (await h.caller.pipelines.get({ id: pipeline.id })).members;
      return current.every((sync) => sync.lastRun?.status === 'success') ? current : null;
    });
    const [first, second] = members.map((sync) => sync.lastRun!).sort((a, b) => +a.startedAt! - +b.startedAt!);
    expect(second!.startedAt!.getTime()).toBeGreaterThanOrEqual(first!.finishedAt!.getTime());
    expect(members.map((sync) => sync.lastRun!.trigger)).toEqual(['pipeline', 'pipeline']);
    expect(await countRows('postgres', destination, 'sk_actor')).toBe(30);
    expect(await countRows('postgres', destination, 'sk_film')).toBe(20);

    expect(await h.caller.pipelines.delete({ id: pipeline.id })).toEqual({ id: pipeline.id });
    expect((await h.caller.syncs.list()).filter((sync) => sync.pipelineId === pipeline.id)).toEqual([]);
    await expectFailure(h.caller.pipelines.get({ id: pipeline.id }), { code: 'NOT_FOUND' });
  });
});
