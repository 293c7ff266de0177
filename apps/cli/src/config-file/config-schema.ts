import { z } from 'zod';
import { dialectSchema, identifierSchema, nameSchema, tlsModeSchema, writeModeSchema } from '@pipecraft/api/schemas';

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

const fileSync = z
  .object({
    name: nameSchema,
    description: z.string().trim().max(2000, 'At most 2000 characters.').optional(),
    source: endpoint,
    destination: endpoint,
    /** Omitted: the engine's default (first) write mode, as in the API. */
    writeMode: writeModeSchema.default(writeModeSchema.options[0]),
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
