import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT_NAMES, listDialects, listWriteModes, WRITE_MODE_NAMES } from '@pipecraft/sync-engine';
import { createSyncInput } from '@pipecraft/api/schemas';
import { connectionInput } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('meta', () => {
  it('lists the engine dialects, in its order, with a label and a default port', async () => {
    const dialects = await h.caller.meta.dialects();
    expect(dialects).toEqual(listDialects());
    expect(dialects.map((d) => d.name)).toEqual([...DIALECT_NAMES]);
    for (const d of dialects) {
      expect(d.label).not.toBe('');
      expect(d.defaultPort).toBeGreaterThanOrEqual(1);
      expect(d.defaultPort).toBeLessThanOrEqual(65535);
    }
    expect(dialects.find((d) => d.name === 'postgres')).toEqual({
      name: 'postgres',
      label: 'PostgreSQL',
      defaultPort: 5432,
    });
  });

  it('lists the engine write modes, in its order, each with a label and a description', async () => {
    const modes = await h.caller.meta.writeModes();
    expect(modes).toEqual(listWriteModes());
    expect(modes.map((m) => m.name)).toEqual([...WRITE_MODE_NAMES]);
    for (const m of modes) {
      expect(m.label).not.toBe('');
      expect(m.description).not.toBe('');
    }
  });

  it('defaults a sync to the first listed write mode', async () => {
    const [first] = await h.caller.meta.writeModes();
    const id = '00000000-0000-4000-8000-000000000000';
    const input = createSyncInput.parse({
      name: 'n',
      sourceConnectionId: id,
      sourceSchema: 's',
      sourceTable: 't',
      destinationConnectionId: id,
      destinationSchema: 's',
      destinationTable: 't',
    });
    expect(input.writeMode).toBe(first?.name);
  });

  it('accepts exactly the listed dialects on connection input', async () => {
    const error = await expectFailure(
      // @ts-expect-error: not a dialect the engine knows
      h.caller.connections.create({ ...connectionInput('postgres', 'meta-unknown-dialect'), dialect: 'oracle' }),
      { code: 'BAD_REQUEST', appCode: 'VALIDATION_FAILED' },
    );
    expect(Object.keys(fieldErrorsOf(error) ?? {})).toEqual(['dialect']);
  });
});
