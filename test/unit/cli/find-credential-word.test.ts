import { describe, expect, it } from 'vitest';
import { credentialVariables } from '../../../src/config/credential-secrets.js';
import { findCredentialWord } from '../../../src/cli/find-credential-word.js';

const TOKEN = 'glsa_Zx9LqPw2TokenSecret_77aa';
const variables = credentialVariables({ GRAFANA_TOKEN: TOKEN, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', GRAFANA_TOKEN_PROD: 'prod-token-1234' });
const BOOLEANS = new Set(['verbose', 'help', 'h', 'dry-run', 'fix']);
const find = (argv: string[]) => findCredentialWord(argv, variables, BOOLEANS);

// review-69b H1: a URL typed where a uid, file or name goes is refused before the command repeats it.
describe('findCredentialWord', () => {
  it('finds a credential in a positional or in any option value, names where and which variable, and shows the word redacted', () => {
    expect(find(['pull', `http://gw/${TOKEN}`])).toBe(
      'argument "http://gw/[redacted]" holds the value of GRAFANA_TOKEN: give a Grafana URL to --url (or GRAFANA_URL), and the credential in GRAFANA_TOKEN only',
    );
    expect(find(['plan', '--exclude', `http://gw/${TOKEN}`])).toMatch(/^--exclude "http:\/\/gw\/\[redacted\]" holds the value of GRAFANA_TOKEN: /);
    expect(find(['plan', `--out=http://gw/prod-token-1234`])).toMatch(/^--out "http:\/\/gw\/\[redacted\]" holds the value of GRAFANA_TOKEN_PROD: /);
    // Percent-encoded in part, after a boolean (no value of it), after `--` (check's files).
    expect(find(['pull', '--dry-run', `http://gw/%67lsa_Zx9LqPw2TokenSecret_77aa`])).toMatch(/^argument "http:\/\/gw\/\[redacted\]" /);
    expect(find(['check', '--', '--fix', TOKEN])).toMatch(/^argument "\[redacted\]" holds the value of GRAFANA_TOKEN: /);
  });

  it('leaves the value of --url and --backup-source (a gateway under a secret path) and words without a credential', () => {
    expect(find(['plan', '--url', `http://gw/${TOKEN}`, '--out', 'p.json'])).toBeUndefined();
    expect(find(['plan', `--url=http://gw/${TOKEN}`])).toBeUndefined();
    expect(find(['restore', '--all', '--backup-source', `http://gw/${TOKEN}`])).toBeUndefined();
    expect(find(['pull', 'web', '--folder', 'ops', '--max-deletes', '-1'])).toBeUndefined();
    // The host is not the secret's place: a secret that is part of a host name hides nothing there.
    expect(find(['pull', 'http://prod-token-1234.example.com/d/x'])).toBeUndefined();
  });

  it('counts a password ordinary words hold (admin) only inside a URL', () => {
    expect(find(['pull', 'admin', '--include', 'admin/**', '--message', 'by admin'])).toBeUndefined();
    expect(find(['pull', 'http://gw/admin'])).toMatch(/^argument "http:\/\/gw\/\[redacted\]" holds the value of GRAFANA_PASSWORD: /);
    // The basic-auth value of admin:admin is no word: anywhere.
    expect(find(['show', Buffer.from('admin:admin').toString('base64')])).toMatch(/holds the value of GRAFANA_PASSWORD: /);
  });
});
