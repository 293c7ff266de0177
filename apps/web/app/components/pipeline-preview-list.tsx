import type { PipelinePreview } from '../lib/trpc.js';
import { Card } from './card.js';

/**
 * Every table of a pipeline on one page, as the server sorted them: problems first (they block
 * creating the pipeline), then lossy columns, then the tables that copy as they are.
 */
export function PipelinePreviewList({ preview }: { preview: PipelinePreview }) {
  const { items, problemCount, warningCount } = preview;
  const title = `Preview: ${items.length} tables · ${problemCount} with problems · ${warningCount} with lossy columns`;
  return (
    <Card title={title}>
      <ul className="divide-y divide-slate-100" aria-label="Table previews">
        {items.map((item) => (
          <li key={item.sourceTable} className="px-4 py-3 sm:px-5" data-table={item.sourceTable}>
            <details open={item.problems.length > 0}>
              <summary className="cursor-pointer text-sm">
                <span className="font-mono">{item.sourceTable}</span>
                <span className="mx-1 text-slate-400">→</span>
                <span className="font-mono">{item.destinationTable}</span>
                {item.problems.length > 0 ? (
                  <span className="ml-2 rounded bg-rose-50 px-1.5 py-0.5 text-xs text-rose-700">
                    {item.problems.length} problem{item.problems.length === 1 ? '' : 's'}
                  </span>
                ) : item.warnings.length > 0 ? (
                  <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">
                    {item.warnings.length} lossy column{item.warnings.length === 1 ? '' : 's'}
                  </span>
                ) : (
                  <span className="ml-2 text-xs text-emerald-700">
                    {item.plan?.destinationExists ? 'replaces the existing table' : 'creates the table'}
                  </span>
                )}
              </summary>
              {item.problems.map((problem) => (
                <p key={problem} role="alert" className="mt-1 text-xs text-rose-700">
                  {problem}
                </p>
              ))}
              {item.warnings.map((warning) => (
                <p key={warning} className="mt-1 text-xs text-amber-800">
                  {warning}
                </p>
              ))}
              {item.plan && !item.plan.destinationExists ? (
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-[11px] text-slate-700">
                  {item.plan.createTableDdl}
                </pre>
              ) : null}
            </details>
          </li>
        ))}
      </ul>
    </Card>
  );
}
