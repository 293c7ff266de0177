import { z } from 'zod';

/**
 * The web app's configuration, validated once on the server; the only place the web reads
 * `process.env`. The browser receives only what the root loader hands it (never secrets).
 */
const envSchema = z.object({
  /** Where the browser reaches the tRPC API. Default: same-origin `/trpc`. */
  PIPECRAFT_API_URL: z
    .string()
    .trim()
    .transform((value) => value || '/trpc')
    .pipe(
      z
        .string()
        .refine(
          (value) => value.startsWith('/') || /^https?:\/\/[^/]/.test(value),
          'must be an absolute http(s) URL or a path starting with "/"',
        ),
    )
    .default('/trpc'),
});

export interface WebEnv {
  apiUrl: string;
}

/** Parses an environment; throws one error naming every bad key. Exported for tests. */
export function parseWebEnv(source: Record<string, string | undefined>): WebEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new Error(`Invalid web configuration: ${problems.join('; ')}`);
  }
  return { apiUrl: result.data.PIPECRAFT_API_URL };
}

let cached: WebEnv | undefined;

export function getWebEnv(): WebEnv {
  cached ??= parseWebEnv(process.env);
  return cached;
}
