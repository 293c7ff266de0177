/** Columns padded to their widest cell, for people; `--json` is the form for scripts. */
export function textTable(header: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
