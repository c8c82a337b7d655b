import { randomUUID } from 'node:crypto';

/**
 * Prints text that holds repository or Grafana content (titles, values) to the log with
 * workflow commands paused, so a line such as `::add-mask::…` inside a dashboard cannot act
 * as a command to the runner.
 */
export function printUntrusted(text: string): void {
  if (text === '') return;
  const resume = randomUUID();
  process.stdout.write(`::stop-commands::${resume}\n${text}${text.endsWith('\n') ? '' : '\n'}::${resume}::\n`);
}
