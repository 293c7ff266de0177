import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@pipecraft/store';
import { ACCESS, appCodeOf, appRouter } from '../src/index.js';
import { callerFor, createHarness, type Harness } from './support/harness.js';

/** The contract: the table in docs/security.md, read as procedure → who may call it. */
const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/security.md');
const WHO = ['anonymous', ...ROLES] as const;
type Who = (typeof WHO)[number];

async function documentedTable(): Promise<Map<string, Record<Who, boolean>>> {
  const text = await readFile(DOCS, 'utf8');
  const lines = text.split('\n').filter((line) => line.startsWith('| `'));
  const table = new Map<string, Record<Who, boolean>>();
  for (const line of lines) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const [procedure, ...marks] = cells;
    expect(marks, `row ${procedure} needs one mark per caller`).toHaveLength(WHO.length);
    table.set(
      procedure!.replaceAll('`', ''),
      Object.fromEntries(WHO.map((who, i) => [who, marks[i] === '✓'])) as Record<Who, boolean>,
    );
  }
  return table;
}

/** Every procedure path of the router (`connections.create`, …). */
const PROCEDURES = Object.keys(appRouter._def.procedures).sort();

type AnyCaller = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

let h: Harness;
const callers = new Map<Who, AnyCaller>();

beforeAll(async () => {
  h = await createHarness();
  callers.set('anonymous', callerFor(h.deps) as unknown as AnyCaller);
  for (const role of ROLES) {
    // A token per role, each owned by the admin and capped at the role.
    const { token } = await h.caller.tokens.create({ name: `access-${role}`, role, expiresInDays: 1 });
    callers.set(role, callerFor(h.deps, { bearerToken: token }) as unknown as AnyCaller);
  }
});
afterAll(async () => {
  await h?.close();
});

describe('the access table', () => {
  it('has a row in docs/security.md and in access.ts for every procedure, and none for procedures that do not exist', async () => {
    const documented = await documentedTable();
    expect([...documented.keys()].sort()).toEqual(PROCEDURES);
    expect(Object.keys(ACCESS).sort()).toEqual(PROCEDURES);
  });

  it('is what the router enforces, for every procedure and every role', async () => {
    const documented = await documentedTable();
    const mismatches: string[] = [];
    for (const procedurePath of PROCEDURES) {
      const [group, name] = procedurePath.split('.') as [string, string];
      for (const who of WHO) {
        const expected = documented.get(procedurePath)?.[who] ?? false;
        // Input the schemas reject: an allowed caller gets a validation error (or, for procedures
        // without input, an answer), a refused one FORBIDDEN/UNAUTHENTICATED before any parsing.
        const outcome = await callers.get(who)![group]![name]!({
          id: 'not-a-uuid',
          email: 1,
          name: 1,
          syncId: 1,
          connectionId: 1,
          limit: -1,
        }).then(
          () => 'ok',
          (error: unknown) => (error instanceof TRPCError ? appCodeOf(error) : String(error)),
        );
        const refused = outcome === 'FORBIDDEN' || outcome === 'UNAUTHENTICATED';
        if (refused === expected) mismatches.push(`${procedurePath} as ${who}: ${outcome}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a role below the required one with FORBIDDEN and a message naming both', async () => {
    const viewer = callers.get('viewer')!;
    const error = await viewer.connections!.create!({}).catch((e: unknown) => e as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('FORBIDDEN');
    expect((error as TRPCError).message).toBe('This needs the editor role; you are signed in as viewer.');
  });

  it('orders the roles: each may do what the ones before it may', () => {
    const levels = (role: Role) =>
      Object.values(ACCESS).filter((a) => a !== 'public' && ROLES.indexOf(a) <= ROLES.indexOf(role)).length;
    for (let i = 1; i < ROLES.length; i++) expect(levels(ROLES[i]!)).toBeGreaterThan(levels(ROLES[i - 1]!));
  });
});
