/** Where the scheduler reads the time; tests pass their own and move it by hand (no sleeps). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
