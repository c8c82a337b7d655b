import { readFile } from 'node:fs/promises';
import { parseDashboardText, type ParsedDashboard } from './parse-dashboard-text.js';

/**
 * Reads and validates one dashboard file (see parseDashboardText). `displayPath` is the
 * path shown in diagnostics. An unreadable file is a diagnostic, not an exception.
 */
export async function readDashboardFile(
  absPath: string,
  displayPath: string,
  options: { inputs: Record<string, string> },
): Promise<ParsedDashboard> {
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return {
      model: null,
      diagnostics: [{ file: displayPath, severity: 'error', rule: 'file-unreadable', message: `cannot read the file (${reason})` }],
    };
  }
  return parseDashboardText(text, displayPath, options.inputs);
}
