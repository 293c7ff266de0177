/**
 * Reading the router's error shape (`error.data.appCode`, `error.data.fieldErrors`) in one place,
 * so components never poke at tRPC internals themselves.
 */
export interface AppErrorLike {
  message: string;
  data?: {
    appCode?: string | null;
    fieldErrors?: Record<string, string[] | undefined> | null;
  } | null;
}

/** The domain code (e.g. `AUTH_FAILED`), or null when the error carries none. */
export function appCodeOf(error: AppErrorLike | null | undefined): string | null {
  return error?.data?.appCode ?? null;
}

/** The first message for each invalid field, keyed by input name. */
export function fieldErrorsOf(error: AppErrorLike | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const fieldErrors = error?.data?.fieldErrors;
  if (!fieldErrors) return out;
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const first = messages?.[0];
    if (first) out[field] = first;
  }
  return out;
}

/**
 * A message fit for a person. A network failure surfaces from fetch as "Failed to fetch", which
 * says nothing useful; say what happened instead.
 */
export function messageOf(error: AppErrorLike | null | undefined): string {
  if (!error) return '';
  if (/failed to fetch|networkerror|load failed/i.test(error.message)) {
    return 'Cannot reach the PipeCraft API. Is the server running?';
  }
  return error.message;
}
