import { Link } from '@remix-run/react';
import type { ConnectionDto } from '../lib/trpc.js';
import { ConnectionTestResult, type TestOutcome } from './connection-test-result.js';
import { Time } from './time.js';

/**
 * How the connection is doing: its last test or the last run that used it, whichever is newer
 * (a successful nightly run says more than a test from last month).
 */
export function ConnectionHealth({
  connection,
  latestTest,
}: {
  connection: ConnectionDto;
  latestTest: TestOutcome | null;
}) {
  const run = connection.lastRun;
  if (!run || (latestTest && latestTest.testedAt >= run.finishedAt))
    return <ConnectionTestResult result={latestTest} />;
  return (
    <div className="text-xs" data-test-result={run.ok ? 'run-ok' : 'run-failed'}>
      {run.ok ? (
        <span className="inline-flex items-center gap-1 font-medium text-emerald-700">
          <span aria-hidden="true">✓</span> Used by a successful run
        </span>
      ) : (
        <span className="inline-flex items-center gap-1 font-medium text-rose-700">
          <span aria-hidden="true">✕</span> Last run failed{run.errorCode ? `: ${run.errorCode}` : ''}
        </span>
      )}
      <div className="text-slate-500">
        <Link
          to={`/syncs/${run.syncId}`}
          className="underline decoration-slate-300 underline-offset-2 hover:text-slate-900"
        >
          {run.syncName}
        </Link>{' '}
        · <Time date={run.finishedAt} relative />
      </div>
    </div>
  );
}
