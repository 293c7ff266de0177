import { countChanges, type Plan } from './plan.js';

const SIGN = { create: '+', update: '~', delete: '-' } as const;

/** The plan as people read it: one line per change, the fields an update changes, a summary. */
export function formatPlan(plan: Plan): string {
  const counts = countChanges(plan);
  if (plan.changes.length === 0) return 'No changes: the store already matches the file.\n';
  const lines = [`Plan: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete.`];
  for (const change of plan.changes) {
    lines.push(`  ${SIGN[change.action]} ${change.action} ${change.kind} "${change.name}"`);
    if (change.action === 'update') {
      for (const field of change.fields) lines.push(`      ${field.field}: ${field.before} → ${field.after}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
