/** A value as a table shows it: '-' for missing, else fixed digits with thousands separators. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Bytes as MiB with one decimal. */
export function formatMiB(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '-' : formatNumber(bytes / 1024 ** 2, 1);
}

/**
 * A plain-text table: the first column left-aligned, the others right-aligned, a rule
 * under the header. Rows shorter than the header are padded with blanks.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const line = (row: readonly string[]): string =>
    widths
      .map((w, col) => {
        const cell = row[col] ?? '';
        return col === 0 ? cell.padEnd(w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
