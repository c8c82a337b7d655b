import { secretsOf } from '../config/credential-secrets.js';
import { redactUrl } from '../config/redact-url.js';
import type { GrafanaAuth } from '../config/types.js';

/**
 * How a printed command gives a `--url` (as the run took it) that holds a secret of the run: `urlFlag`, the URL as shown (its
 * secrets redacted: what a plan file records and `show` prints), and `urlWord`, what a pasted command gives instead where one
 * works: null to leave `--url` out (GRAFANA_URL holds the same URL, and gives it to the next run as well), else one word for a
 * POSIX shell that names the variable the secret came from (`"https://gw/${GRAFANA_TOKEN}"`: the shell puts the secret back
 * as it did for this run). Neither where the URL holds the secret in another form (percent-encoded, the basic-auth header value)
 * or the credentials name no variable: the command shows `[redacted]` (renderRedactedUrlNote says what to give). A URL without
 * a secret is shown as it is. Pure.
 */
export function urlFlagOf(url: string, context: { auth?: GrafanaAuth; sameAsGrafanaUrl?: boolean }): { urlFlag: string; urlWord?: string | null } {
  if (context.auth === undefined) return { urlFlag: url };
  const secrets = secretsOf(context.auth);
  const shown = redactUrl(url, secrets);
  if (shown === url) return { urlFlag: url };
  if (context.sameAsGrafanaUrl === true) return { urlFlag: shown, urlWord: null };
  const held = secretVariableOf(context.auth);
  // Only where the secret stands in the URL as itself, and nothing else in it is one (redactUrl redacts just those places).
  if (held === undefined || shown !== url.split(held.secret).join(REDACTED)) return { urlFlag: shown };
  const pieces = url.split(held.secret);
  const variable = `\${${held.variable}}`;
  // Inside double quotes an interactive bash reads `!` as history: such a URL's other pieces go in single quotes.
  const word = pieces.some((piece) => piece.includes('!')) ? pieces.map(inSingleQuotes).join(`"${variable}"`) : `"${pieces.map(inDoubleQuotes).join(variable)}"`;
  return { urlFlag: shown, urlWord: word };
}

const REDACTED = '[redacted]';

/** The secret of the credentials and the variable it came from (GRAFANA_TOKEN, GRAFANA_PASSWORD_PROD…), where they name one. */
function secretVariableOf(auth: GrafanaAuth): { secret: string; variable: string } | undefined {
  if (auth.kind === 'token' && auth.from !== undefined) return { secret: auth.token, variable: auth.from };
  if (auth.kind === 'basic' && auth.passwordFrom !== undefined) return { secret: auth.password, variable: auth.passwordFrom };
  return undefined;
}

/** Text as a POSIX shell reads it back in single quotes (none for none). */
function inSingleQuotes(text: string): string {
  return text === '' ? '' : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text as a POSIX shell reads it back inside double quotes: `\`, `"`, `$` and a backquote escaped. */
function inDoubleQuotes(text: string): string {
  return text.replace(/[\\"$`]/g, (character) => `\\${character}`);
}
