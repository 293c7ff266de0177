import { formatCount } from '../lib/format.js';
import type { RunDto } from '../lib/trpc.js';

/**
 * The values a run changed under a declared policy, one line per column and policy: what happened,
 * how often, and the key of the first row, so someone can go and look at it.
 */
export function RunValueWarnings({ warnings }: { warnings: RunDto['valueWarnings'] }) {
  if (warnings.length === 0) return null;
  return (
    <ul aria-label="Values changed" className="mt-1 list-disc space-y-0.5 pl-4 text-xs text-amber-800">
      {warnings.map((w) => (
        <li key={`${w.column}\u0000${w.policy}`} data-policy={w.policy}>
          <code className="font-mono">{w.column}</code>: {w.description} —{' '}
          <span className="tabular-nums">
            {formatCount(w.count)} value{w.count === 1 ? '' : 's'}
          </span>
          {w.sampleKey ? (
            <>
              , first at <code className="font-mono">{w.sampleKey}</code>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
