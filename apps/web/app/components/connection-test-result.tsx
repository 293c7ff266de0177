import { formatRelative } from '../lib/format.js';
import type { ConnectionDto } from '../lib/trpc.js';

export type TestOutcome = NonNullable<ConnectionDto['lastTest']>;

/** The last connectivity test: version and latency when it worked, the code and message when not. */
export function ConnectionTestResult({ result }: { result: TestOutcome | null }) {
  if (!result) return <span className="text-xs text-slate-400">Not tested yet</span>;
  if (result.ok) {
    return (
      <div className="text-xs" data-test-result="ok">
        <span className="inline-flex items-center gap-1 font-medium text-emerald-700">
          <span aria-hidden="true">✓</span> Connected
        </span>
        <span className="text-slate-500">
          {' '}
          · {result.serverVersion}
          {result.latencyMs !== undefined && result.latencyMs !== null ? ` · ${Math.round(result.latencyMs)} ms` : ''}
        </span>
        <div className="text-slate-400">{formatRelative(result.testedAt)}</div>
      </div>
    );
  }
  return (
    <div className="max-w-xs text-xs" data-test-result="failed">
      <span className="inline-flex items-center gap-1 font-medium text-rose-700">
        <span aria-hidden="true">✕</span> {result.code ?? 'Failed'}
      </span>
      {result.message ? <p className="break-words text-rose-700/90">{result.message}</p> : null}
      <div className="text-slate-400">{formatRelative(result.testedAt)}</div>
    </div>
  );
}
