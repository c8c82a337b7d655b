import { randomUUID } from 'node:crypto';

/** The token that ends the open ::stop-commands:: block; undefined when commands act. */
let resumeToken: string | undefined;

/**
 * Prints text that holds repository or Grafana content (titles, values) to the log with
 * workflow commands paused, so a line such as `::add-mask::…` inside a dashboard cannot act
 * as a command to the runner. The pause lasts across consecutive prints (one block around
 * apply's report, not one per line) until resumeCommands.
 */
export function printUntrusted(text: string): void {
  if (text === '') return;
  if (resumeToken === undefined) {
    resumeToken = randomUUID();
    process.stdout.write(`::stop-commands::${resumeToken}\n`);
  }
  process.stdout.write(`${text}${text.endsWith('\n') ? '' : '\n'}`);
}

/** Ends the open block, if any: call it before a workflow command (a warning, an error annotation) that must act. */
export function resumeCommands(): void {
  if (resumeToken === undefined) return;
  process.stdout.write(`::${resumeToken}::\n`);
  resumeToken = undefined;
}
