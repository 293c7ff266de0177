/**
 * Resolves like `promise`, or rejects with `onTimeout()` after `ms`. The underlying work is not
 * cancelled (callers use this only as a backstop around calls that bound themselves).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
