import { z } from 'zod';
import {
  columnMappingEntrySchema,
  createSyncInput,
  dialectSchema,
  identifierSchema,
  modeOptionProblems,
  nameSchema,
  tlsModeSchema,
} from '@pipecraft/api/schemas';

/** A connection without a `tls` block: plain TCP, the API's default for a new connection. */
export const NO_TLS = 'disable' satisfies z.infer<typeof tlsModeSchema>;

/**
 * The declarative file `pipecraft apply` reads and `pipecraft export` writes: connections and syncs
 * by name (ids are the store's business). Field rules come from the API's own schemas, so the file
 * and the UI refuse the same values. Secrets are only ever `${VARIABLE}` references.
 */

/** `${NAME}`: the value comes from the environment when the file is applied. */
const VARIABLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

const secretReference = z
  .string()
  .regex(
    VARIABLE_REFERENCE,
    'must be an environment variable reference such as ${PG_PASSWORD}: secrets are never written in the file',
  );

const port = z.number({ invalid_type_error: 'must be a number' }).int().min(1).max(65535);

const fileConnection = z
  .object({
    name: nameSchema,
    dialect: dialectSchema,
    host: z.string().trim().min(1, 'A host is required.').max(255),
    port,
    database: identifierSchema,
    username: z.string().trim().min(1, 'A user name is required.').max(255),
    password: secretReference.optional(),
    isSource: z.boolean().default(true),
    isDestination: z.boolean().default(true),
    /** Discovery lists every schema the server shows; omitted: false, as in the API. */
    listAllSchemas: z.boolean().default(false),
    tls: z
      .object({
        mode: tlsModeSchema,
        caCert: secretReference.optional(),
        clientCert: secretReference.optional(),
        clientKey: secretReference.optional(),
      })
      .strict()
      .optional(),
    ssh: z
      .object({
        host: z.string().trim().min(1).max(255),
        port: port.default(22),
        user: z.string().trim().min(1).max(255),
        hostKeyFingerprint: z.string().trim().min(1),
        privateKey: secretReference.optional(),
        passphrase: secretReference.optional(),
        password: secretReference.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const endpoint = z
  .object({
    /** A connection's name, from this file. */
    connection: nameSchema,
    schema: identifierSchema,
    table: identifierSchema,
  })
  .strict();

/**
 * How a sync copies: the API's own fields, limits and defaults (`syncs.create`), so an omitted field
 * means what it means there — `writeMode` the engine's first (default) mode, `deleteMissing: keep`,
 * `driftPolicy: fail`, no retries, and so on. The watermark is runtime state, never in the file.
 */
const syncOptions = createSyncInput.innerType().pick({
  writeMode: true,
  keyColumns: true,
  cursorColumn: true,
  lookbackSeconds: true,
  deleteMissing: true,
  driftPolicy: true,
  createDestinationSchema: true,
  retryCount: true,
  retryBackoffMs: true,
}).shape;

/** What an omitted option means: the API's defaults (`export` leaves out fields equal to these). */
export const SYNC_DEFAULTS = z.object(syncOptions).parse({});

const fileSync = z
  .object({
    name: nameSchema,
    description: z.string().trim().max(2000, 'At most 2000 characters.').optional(),
    source: endpoint,
    destination: endpoint,
    ...syncOptions,
    /** Omitted or empty: every source column, under its own name and the mapped type. */
    columnMapping: z.array(columnMappingEntrySchema.strict()).max(1000).nullish(),
  })
  .strict();

export const configFileSchema = z
  .object({
    version: z.literal(1).default(1),
    connections: z.array(fileConnection).default([]),
    syncs: z.array(fileSync).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    uniqueNames(file.connections, 'connections', ctx);
    uniqueNames(file.syncs, 'syncs', ctx);
    const connections = new Set(file.connections.map((connection) => connection.name));
    file.syncs.forEach((sync, index) => {
      for (const side of ['source', 'destination'] as const) {
        if (!connections.has(sync[side].connection)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['syncs', index, side, 'connection'],
            message: `no connection named "${sync[side].connection}" in this file`,
          });
        }
      }
      // The API's rules between a mode and its options (a cursor for the incremental modes, …).
      for (const [field, message] of Object.entries(modeOptionProblems(sync)))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['syncs', index, field], message });
    });
  });

function uniqueNames(items: Array<{ name: string }>, list: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.name)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [list, index, 'name'],
        message: `"${item.name}" appears twice in ${list}; names are unique`,
      });
    }
    seen.add(item.name);
  });
}

export type ConfigFile = z.infer<typeof configFileSchema>;
export type FileConnection = ConfigFile['connections'][number];
export type FileSync = ConfigFile['syncs'][number];
