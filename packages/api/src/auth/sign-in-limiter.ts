/**
 * Counts failed sign-ins per client address and per email in fixed windows, in memory. One
 * PipeCraft process serves the UI, so a process-local counter is enough; a restart resets it,
 * which the window length makes harmless. Successful sign-ins reset the email's count.
 */
export class SignInLimiter {
  readonly #windowMs: number;
  readonly #maxPerEmail: number;
  readonly #maxPerIp: number;
  readonly #counts = new Map<string, { count: number; resetAt: number }>();

  constructor(options: { windowMs?: number; maxPerEmail?: number; maxPerIp?: number } = {}) {
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#maxPerEmail = options.maxPerEmail ?? 5;
    this.#maxPerIp = options.maxPerIp ?? 30;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(email: string, ip: string | null): number {
    const now = Date.now();
    const waits = [this.#wait(`e:${email}`, this.#maxPerEmail, now), this.#wait(`i:${ip ?? '-'}`, this.#maxPerIp, now)];
    return Math.max(...waits);
  }

  fail(email: string, ip: string | null): void {
    const now = Date.now();
    for (const key of [`e:${email}`, `i:${ip ?? '-'}`]) {
      const entry = this.#counts.get(key);
      if (!entry || entry.resetAt <= now) this.#counts.set(key, { count: 1, resetAt: now + this.#windowMs });
      else entry.count += 1;
    }
    if (this.#counts.size > 10_000) this.#prune(now);
  }

  succeed(email: string): void {
    this.#counts.delete(`e:${email}`);
  }

  #wait(key: string, max: number, now: number): number {
    const entry = this.#counts.get(key);
    if (!entry || entry.resetAt <= now || entry.count < max) return 0;
    return Math.ceil((entry.resetAt - now) / 1000);
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#counts) if (entry.resetAt <= now) this.#counts.delete(key);
  }
}
