// Cells and aligned tables of the report (pure).

export const seconds = (ms) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
export const megabytes = (mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)} MB`);
export const timed = (run) => (run?.ok ? run.ms : undefined);

/** CPU per dashboard (or per request): the numbers a busy machine does not stretch. */
export const perItem = (ms, n) => (ms === undefined || Number.isNaN(ms) ? '' : `${Math.round((ms * 1000) / n)} µs`);

export const rate = (ms, count) => `${Math.round((count * 1000) / ms)} req/s`;

export function renderRows(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
