import { ConfigError, GrafanaHttpError, InputError, InterruptedError, PlanFileError } from '../errors.js';
import { NetworkError } from '../grafana/network/network-error.js';

/**
 * The one message a failed step ends with. Named errors read as on the CLI; anything else
 * is a bug: its first line here, the stack only in the debug log.
 */
export function describeActionError(error: unknown): { message: string; unexpected: boolean } {
  if (error instanceof InputError) {
    return { message: `${error.message}; nothing was sent to Grafana. Fix the files named in the annotations and run again.`, unexpected: false };
  }
  if (error instanceof ConfigError) return { message: error.problems.join('\n'), unexpected: false };
  if (error instanceof GrafanaHttpError) return { message: `${error.message}${hintFor(error)}`, unexpected: false };
  if (error instanceof PlanFileError || error instanceof InterruptedError) {
    return { message: error.message, unexpected: false };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: `unexpected failure: ${detail.split('\n', 1)[0]}. Re-run with debug logging for the stack trace, and please report it.`,
    unexpected: true,
  };
}

/** What to look at in the workflow for the failures an Action user meets first. */
function hintFor(error: GrafanaHttpError): string {
  // A proxy or a certificate refused: its line already says what to do.
  if (error instanceof NetworkError) return '';
  if (error.status === 401) return ' (check the grafana-token input: a service account token of this Grafana, not expired)';
  if (error.status === 403) return ' (the token\'s service account lacks the permission: it needs the Editor role or higher in this org)';
  if (error.status === 0) return ' (is grafana-url reachable from this runner? self-hosted Grafana may need a self-hosted runner)';
  return '';
}
