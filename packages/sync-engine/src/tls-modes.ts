/**
 * How a session protects its traffic to a user database — the one definition of the names, a leaf
 * module so the API's zod schema and the web form derive from it (through `terms.ts`).
 *
 * - `disable`: plain TCP.
 * - `require`: TLS, any certificate (encrypts, does not authenticate the server).
 * - `verify-ca`: TLS, the certificate must chain to the configured CA (host name not checked).
 * - `verify-full`: TLS, chain to the CA and the certificate names the host. The libpq meanings.
 */
export const TLS_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;

export type TlsMode = (typeof TLS_MODES)[number];

/** Default for new and pre-existing connections: what they did before TLS existed. */
export const DEFAULT_TLS_MODE: TlsMode = 'disable';
