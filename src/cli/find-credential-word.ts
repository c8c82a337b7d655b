import type { CredentialVariable } from '../config/credential-secrets.js';
import { isWordLike } from '../config/redact-secrets.js';
import { redactUrl } from '../config/redact-url.js';

/** The options whose value is a Grafana URL, where a credential may stand (a gateway serving Grafana under a secret path). */
const URL_OPTIONS = new Set(['url', 'backup-source', 'backupSource']);

/**
 * The first word of the command line, other than a URL option's value, that holds the value of a credential variable,
 * as the line to refuse it with (the word shown with every credential redacted); undefined where none does. Typically
 * a URL typed without `--url` (`pull https://gw/<token>`, `--env prod https://gw/<token>`): whatever the command made of
 * it (a uid, a file, an environment, a glob), its errors, warnings, advice and saved plan would repeat it. A secret that
 * ordinary words hold (`admin`, a short one: redactSecrets' word-like) counts only inside a word that is a URL.
 * `booleans`: the options that take no value (the word after one is not its value). Pure.
 */
export function findCredentialWord(argv: readonly string[], variables: readonly CredentialVariable[], booleans: ReadonlySet<string>): string | undefined {
  let valueOf: string | undefined;
  let afterDashes = false;
  for (const word of argv) {
    // A word that looks like an option is one, never the value of the one before (`--prune --url …`), as yargs reads it.
    const flag = afterDashes ? null : /^--?([^=-][^=]*)(=(.*))?$/s.exec(word);
    const option = flag === null ? valueOf : undefined;
    valueOf = undefined;
    if (word === '--') afterDashes = true;
    if (flag !== null) {
      const [, name, inline, value] = flag;
      if (inline === undefined) {
        if (!booleans.has(name!) && !name!.startsWith('no-')) valueOf = name;
        continue;
      }
      if (!URL_OPTIONS.has(name!)) {
        const holder = variableHeldBy(value!, variables);
        if (holder !== undefined) return describe(`--${name}`, value!, holder, variables);
      }
      continue;
    }
    if (option !== undefined && URL_OPTIONS.has(option)) continue;
    const holder = variableHeldBy(word, variables);
    if (holder !== undefined) return describe(option === undefined ? 'argument' : `--${option}`, word, holder, variables);
  }
  return undefined;
}

function variableHeldBy(word: string, variables: readonly CredentialVariable[]): string | undefined {
  const url = URL_START.test(word);
  return variables.find(({ secrets }) => {
    const counted = url ? secrets : secrets.filter((secret) => !isWordLike(secret));
    return counted.length > 0 && redactUrl(word, counted) !== word;
  })?.name;
}

const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

function describe(where: string, word: string, variable: string, variables: readonly CredentialVariable[]): string {
  const shown = redactUrl(word, variables.flatMap(({ secrets }) => secrets));
  return `${where} ${JSON.stringify(shown)} holds the value of ${variable}: give a Grafana URL to --url (or GRAFANA_URL), and the credential in ${variable} only`;
}
