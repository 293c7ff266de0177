/** A one-line reason for a log or a run message (never a stack). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
