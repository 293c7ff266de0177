import { DIALECT_NAMES, TLS_MODES } from '@pipecraft/sync-engine/terms';
import { z } from 'zod';
import { idSchema, identifierSchema, nameSchema, withoutControlCharacters } from './common.js';

/** The engine's dialect list is the one source; a new dialect needs no edit here. */
export const dialectSchema = z.enum(DIALECT_NAMES);

/** One message for every way a port can be wrong (the web shows it beside the field, too). */
const PORT_MESSAGE = 'Enter a port between 1 and 65535.';

const connectionFields = {
  name: nameSchema,
  dialect: dialectSchema,
  host: withoutControlCharacters(z.string().trim().min(1, 'A host is required.').max(255)),
  // A number, or decimal digits from a form field; never a boolean, hex, exponent or BigInt spelling.
  port: z
    .union(
      [
        z.number({ invalid_type_error: PORT_MESSAGE }),
        z
          .string()
          .trim()
          .regex(/^[0-9]{1,5}$/, PORT_MESSAGE),
      ],
      {
        errorMap: () => ({ message: PORT_MESSAGE }),
      },
    )
    .transform(Number)
    .pipe(z.number().int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE)),
  database: identifierSchema,
  username: withoutControlCharacters(z.string().trim().min(1, 'A user name is required.').max(255)),
  isSource: z.boolean(),
  isDestination: z.boolean(),
  /** Discovery lists every schema the server shows (on MySQL: every database, not only this one). Default false. */
  listAllSchemas: z.boolean().optional(),
};

/** Stored encrypted; never returned. Empty means "no password" on create and "unchanged" on update. */
const passwordSchema = z.string().max(1024, 'At most 1024 characters.');

export const tlsModeSchema = z.enum(TLS_MODES);

/** A PEM text (certificate or key), stored encrypted; never returned. Empty = none / unchanged. */
const pemSchema = z
  .string()
  .max(65_536, 'At most 64 KiB.')
  .refine(
    (pem) => pem.trim() === '' || /-----BEGIN [A-Z0-9 ]+-----/.test(pem),
    'Paste the PEM text (-----BEGIN …-----).',
  );

/** `SHA256:<base64>` as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it. */
const FINGERPRINT_MESSAGE = 'Enter the host key fingerprint as ssh-keygen -l prints it: SHA256:…';

/** An SSH tunnel through a bastion. Credentials are stored encrypted, never returned; empty = unchanged on update. */
export const sshTunnelInput = z.object({
  host: z.string().trim().min(1, 'A bastion host is required.').max(255),
  port: z.coerce.number().int().min(1).max(65535).default(22),
  user: z.string().trim().min(1, 'A bastion user is required.').max(255),
  hostKeyFingerprint: z
    .string()
    .trim()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, FINGERPRINT_MESSAGE),
  privateKey: pemSchema.optional(),
  passphrase: passwordSchema.optional(),
  password: passwordSchema.optional(),
});

const tlsFields = {
  /** Default `disable` on create. */
  tlsMode: tlsModeSchema.optional(),
  tlsCaCert: pemSchema.optional(),
  tlsClientCert: pemSchema.optional(),
  tlsClientKey: pemSchema.optional(),
};

export const createConnectionInput = z.object({
  ...connectionFields,
  password: passwordSchema.optional(),
  ...tlsFields,
  /** Absent or null = connect directly. */
  ssh: sshTunnelInput.nullable().optional(),
});

export const updateConnectionInput = z.object({
  id: idSchema,
  ...z.object(connectionFields).partial().shape,
  /** Omitted, undefined or empty keeps the stored password. */
  password: passwordSchema.optional(),
  /** `true` removes the stored password. */
  clearPassword: z.boolean().optional(),
  ...tlsFields,
  /** `true` removes the stored CA certificate, client certificate and key. */
  clearTlsFiles: z.boolean().optional(),
  /** Omitted = unchanged; null = remove the tunnel; an object replaces it (empty credentials keep the stored ones). */
  ssh: sshTunnelInput.nullable().optional(),
});

/**
 * A test of values as typed, before (or without) saving. With `id` (the edit form), blank secrets
 * mean the stored ones — but only while the values still point at the stored server, as for `update`.
 */
export const testDraftInput = createConnectionInput.extend({
  id: idSchema.optional(),
  name: nameSchema.optional(),
  clearPassword: z.boolean().optional(),
});

export const connectionTestOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), serverVersion: z.string(), latencyMs: z.number(), testedAt: z.date() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string(), testedAt: z.date() }),
]);

export const lastTestSchema = z.object({
  ok: z.boolean(),
  testedAt: z.date(),
  serverVersion: z.string().optional(),
  latencyMs: z.number().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  /** The connection's settings changed after this test: it says nothing about them. */
  stale: z.boolean(),
});

/** What a connection looks like to clients: everything but the password, which is `hasPassword`. */
export const connectionDto = z.object({
  id: z.string(),
  name: z.string(),
  dialect: dialectSchema,
  host: z.string(),
  port: z.number(),
  database: z.string(),
  username: z.string(),
  hasPassword: z.boolean(),
  tlsMode: tlsModeSchema,
  hasTlsCaCert: z.boolean(),
  hasTlsClientCert: z.boolean(),
  hasTlsClientKey: z.boolean(),
  ssh: z
    .object({
      host: z.string(),
      port: z.number(),
      user: z.string(),
      hostKeyFingerprint: z.string(),
      hasPrivateKey: z.boolean(),
      hasPassword: z.boolean(),
    })
    .nullable(),
  isSource: z.boolean(),
  isDestination: z.boolean(),
  listAllSchemas: z.boolean(),
  lastTest: lastTestSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A connection with how it is used: by which syncs, and how the newest finished run using it ended. */
export const connectionDetailDto = connectionDto.extend({
  usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
  lastRun: z
    .object({
      id: z.string(),
      syncId: z.string(),
      syncName: z.string(),
      ok: z.boolean(),
      finishedAt: z.date(),
      errorCode: z.string().nullable(),
    })
    .nullable(),
});

export type SshTunnelInput = z.infer<typeof sshTunnelInput>;
export type CreateConnectionInput = z.infer<typeof createConnectionInput>;
export type UpdateConnectionInput = z.infer<typeof updateConnectionInput>;
export type ConnectionTestOutput = z.infer<typeof connectionTestOutput>;
export type ConnectionDto = z.infer<typeof connectionDto>;
export type ConnectionDetailDto = z.infer<typeof connectionDetailDto>;
export type TestDraftInput = z.infer<typeof testDraftInput>;
