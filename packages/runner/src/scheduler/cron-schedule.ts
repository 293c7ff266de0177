import { Cron } from 'croner';
import cronstrue from 'cronstrue';

/**
 * Cron expressions read in a time zone, through `croner` (parsing, next times across DST) and
 * `cronstrue` (words). Five fields — minute hour day-of-month month day-of-week — so a schedule
 * fires at most once a minute; day-of-month and day-of-week are ORed as in Vixie cron.
 */
const CRON_OPTIONS = { mode: '5-part', domAndDow: false, paused: true } as const;

/** What is wrong with a schedule, for the form field it belongs to; `null` when it is fine. */
export function checkSchedule(cron: string, timeZone: string): { field: 'cron' | 'timeZone'; message: string } | null {
  if (!isTimeZone(timeZone))
    return { field: 'timeZone', message: `"${timeZone}" is not a time zone; use an IANA name such as Europe/Paris.` };
  try {
    const job = new Cron(cron, { ...CRON_OPTIONS, timezone: timeZone });
    if (job.nextRun() === null) return { field: 'cron', message: 'This expression never fires.' };
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    return {
      field: 'cron',
      message: `Not a cron expression of five fields (minute hour day month weekday): ${detail}.`,
    };
  }
  return null;
}

/** The first time strictly after `after` the schedule fires; `null` if never. Call on a checked schedule. */
export function nextFireAfter(cron: string, timeZone: string, after: Date): Date | null {
  return new Cron(cron, { ...CRON_OPTIONS, timezone: timeZone }).nextRun(after);
}

/** "At 02:00 (Europe/Paris)" and the next `count` times after `now`. Call on a checked schedule. */
export function describeSchedule(
  cron: string,
  timeZone: string,
  now: Date,
  count = 3,
): { description: string; nextRuns: Date[] } {
  const words = cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: false });
  return {
    description: `${words} (${timeZone})`,
    nextRuns: new Cron(cron, { ...CRON_OPTIONS, timezone: timeZone }).nextRuns(count, now),
  };
}

function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
