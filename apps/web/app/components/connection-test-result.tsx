import type { ConnectionDto } from '../lib/trpc.js';
import { Time } from './time.js';

export type TestOutcome = NonNullable<ConnectionDto['lastTest']>;

/** A connectivity test: version and latency when it worked, the code and message when not. */
export function ConnectionTestResult({ result }: { result: TestOutcome | null }) {
  if (!result) return <span className="text-xs text-slate-500">Not tested yet</span>;
  const when = (
    <div className="text-slate-500">
      Tested <Time date={result.testedAt} relative />
      {result.stale ? <StaleMark /> : null}
    </div>
  );
  if (result.ok) {
    return (
      <div className="text-xs" data-test-result={result.stale ? 'stale' : 'ok'}>
        <span className="inline-flex items-center gap-1 font-medium text-emerald-700">
          <span aria-hidden="true">✓</span> Connected
        </span>
        <span className="text-slate-500">
          {' '}
          · {result.serverVersion}
          {result.latencyMs !== undefined && result.latencyMs !== null ? ` · ${Math.round(result.latencyMs)} ms` : ''}
        </span>
        {when}
      </div>
    );
  }
  return (
    <div className="max-w-xs text-xs" data-test-result={result.stale ? 'stale' : 'failed'}>
      <span className="inline-flex items-center gap-1 font-medium text-rose-700">
        <span aria-hidden="true">✕</span> {result.code ?? 'Failed'}
      </span>
      {result.message ? <p className="break-words text-rose-700">{result.message}</p> : null}
      {when}
    </div>
  );
}

/** Said beside a result that predates the connection's last edit. */
function StaleMark() {
  return (
    <span
      className="ml-1.5 rounded bg-amber-100 px-1 py-px font-medium text-amber-900"
      title="The connection was edited after this test; test it again."
    >
      stale: edited since
    </span>
  );
}
