import { redactSecrets } from './credential-secrets.js';

const REDACTED = '[redacted]';

/**
 * A URL as it may be printed or saved: a secret in its userinfo, path, query or fragment is
 * replaced, as written and in any percent-encoded form (`%2B` or `%2b` for `+`, wholly or in part);
 * the scheme and host are never rewritten (a secret that is part of the host name hides nothing,
 * and a rewritten host would name another server). Text that is not one URL (a proxy route, a
 * network failure) has each URL in it treated so, and its secrets replaced anywhere else, in either form. The one place
 * a Grafana URL becomes text.
 */
export function redactUrl(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  const longestFirst = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  let shown = '';
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    shown += redactComponent(text.slice(at, match.index), longestFirst) + redactOneUrl(match[0], longestFirst);
    at = match.index + match[0].length;
  }
  return shown + redactComponent(text.slice(at), longestFirst);
}

/** `scheme://authority…` up to a blank or a quote. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*/gi;

function redactOneUrl(url: string, secrets: readonly string[]): string {
  const [, scheme, authority, rest] = /^([^:]+:\/\/)([^/?#]*)(.*)$/s.exec(url)!;
  const at = authority!.lastIndexOf('@');
  const userinfo = at === -1 ? '' : `${redactComponent(authority!.slice(0, at), secrets)}@`;
  return `${scheme}${userinfo}${authority!.slice(at + 1)}${redactComponent(rest!, secrets)}`;
}

/** A part of a URL with every secret replaced, as written (`a%41` when the secret is `a%41`) or as it decodes. */
function redactComponent(component: string, secrets: readonly string[]): string {
  let text = redactSecrets(component, secrets);
  for (const secret of secrets) text = redactDecoded(text, Buffer.from(secret, 'utf8'));
  return text;
}

/** Replaces each run of characters and `%XX` escapes whose bytes are the secret's, escape by escape. */
function redactDecoded(text: string, secret: Buffer): string {
  const units = [...text.matchAll(/%[0-9a-f]{2}|[\s\S]/giu)].map((match) => match[0]);
  const bytes = units.map((unit) => (unit.length === 3 && unit[0] === '%' ? Buffer.from([parseInt(unit.slice(1), 16)]) : Buffer.from(unit, 'utf8')));
  let shown = '';
  let index = 0;
  while (index < units.length) {
    const end = matchEnd(bytes, index, secret);
    if (end === undefined) {
      shown += units[index];
      index += 1;
    } else {
      shown += REDACTED;
      index = end;
    }
  }
  return shown;
}

/** The index after the units from `start` whose bytes are exactly `secret`, or undefined. */
function matchEnd(bytes: readonly Buffer[], start: number, secret: Buffer): number | undefined {
  let offset = 0;
  for (let index = start; index < bytes.length; index += 1) {
    const unit = bytes[index]!;
    if (offset + unit.length > secret.length || !unit.equals(secret.subarray(offset, offset + unit.length))) return undefined;
    offset += unit.length;
    if (offset === secret.length) return index + 1;
  }
  return undefined;
}
