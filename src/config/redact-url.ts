import { redactSecrets } from './redact-secrets.js';

/**
 * A URL as it may be printed or saved: a secret in its userinfo, path, query or fragment is
 * replaced in every form redactSecrets knows (as written, percent-encoded, JSON-escaped);
 * the scheme and host are never rewritten (a secret that is part of the host name hides nothing,
 * and a rewritten host would name another server). Text that is not one URL (a proxy route, a
 * network failure) has each URL in it treated so, and its secrets replaced anywhere else, in those forms. The one place
 * a Grafana URL becomes text.
 */
export function redactUrl(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  // A URL in text ends at a quote, `<`, `>`, a backquote or a blank: a secret holding one (`tk'n`, `Summer'24`) would go
  // on past that end, neither piece holding all of it. No host name holds such a character, in any form: these secrets
  // are replaced in the whole text first, wherever they stand.
  const crossing = secrets.filter((secret) => ENDS_URL.test(secret));
  const rest = crossing.length === 0 ? text : redactSecrets(text, crossing);
  let shown = '';
  let at = 0;
  for (const match of rest.matchAll(URL_IN_TEXT)) {
    shown += redactSecrets(rest.slice(at, match.index), secrets) + redactOneUrl(match[0], secrets);
    at = match.index + match[0].length;
  }
  return shown + redactSecrets(rest.slice(at), secrets);
}

/** `scheme://authority…` up to a blank or a quote. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*/gi;
const ENDS_URL = /[\s"'<>`]/;

function redactOneUrl(url: string, secrets: readonly string[]): string {
  const [, scheme, authority, rest] = /^([^:]+:\/\/)([^/?#]*)(.*)$/s.exec(url)!;
  const at = authority!.lastIndexOf('@');
  const userinfo = at === -1 ? '' : `${redactSecrets(authority!.slice(0, at), secrets)}@`;
  return `${scheme}${userinfo}${authority!.slice(at + 1)}${redactSecrets(rest!, secrets)}`;
}
