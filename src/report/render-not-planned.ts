import { escapeMarkdown, escapeText } from './escape-untrusted.js';

/**
 * The section a multi-environment plan prints for an environment that could not be planned, where
 * its plan would have been: a summary read on its own (a job summary, a PR comment) must show the
 * environment failed rather than leave it out. `reason`: what describeError says, one line.
 */
export function renderNotPlanned(environment: string, reason: string, format: 'text' | 'markdown'): string {
  if (format === 'markdown') return `## dashsync plan · ${escapeMarkdown(environment)}\n\n**not planned:** ${escapeMarkdown(reason)}\n`;
  return `${escapeText(`dashsync plan for environment ${environment}: not planned: ${reason}`)}\n`;
}
