import { describe, expect, it } from 'vitest';
import { findApplyFlagRefusal } from '../../../src/cli/apply-flag-refusals.js';
import { urlSha256 } from '../../../src/config/url-sha256.js';

describe("apply's flag refusals advise the run's own commands (walk-67 L1)", () => {
  it('--prune with a plan file: the plan again with the config, --url and the saved plan\'s own flags, into the file given', () => {
    const refusal = findApplyFlagRefusal({
      plan: 'plans/prod plan.json',
      prune: 'all',
      config: 'ops/grafana.json',
      url: 'https://grafana.example.com',
      savedPlan: { target: { environment: null }, selection: { exclude: ['scratch/**'] } },
    });
    expect(refusal?.next).toBe(
      "To prune, make the plan with dashsync plan --url https://grafana.example.com --config ops/grafana.json --exclude 'scratch/**' --prune all --out 'plans/prod plan.json'",
    );
  });

  it('never repeats a URL that may hold a credential (the settings refuse it later, and it is not printed here)', () => {
    for (const url of ['https://admin:secret@grafana.example.com', 'https://grafana.example.com/?token=secret']) {
      const refusal = findApplyFlagRefusal({ plan: 'plan.json', root: 'elsewhere', url });
      expect(refusal?.next).toBe('Make the plan with dashsync plan --root elsewhere --out plan.json, or apply it without --root');
    }
  });

  it('no refusal where the flags make sense together', () => {
    expect(findApplyFlagRefusal({ plan: 'plan.json', environment: 'production', backupDir: 'b' })).toBeUndefined();
    expect(findApplyFlagRefusal({ format: 'json', autoApprove: true, prune: 'folders' })).toBeUndefined();
  });

  // review-68b H1: the refusal comes before the settings, which redact every other advised --url.
  const token = 'glsa_tok123456789';
  const note = 'The --url in that command shows its secret part as [redacted]: give the URL as you did (or set GRAFANA_URL to it and leave --url out)';
  // Credentials that name no variable (urlFlagOf then has none to advise): the URL shows [redacted].
  const unnamed = { auth: { kind: 'token' as const, token }, sameAsGrafanaUrl: false };

  it("a --url holding the run's token in its path, where no variable gives it back, is repeated redacted, with the note, in each refusal", () => {
    const url = `https://gw.example.com/${token}`;
    expect(findApplyFlagRefusal({ format: 'json', url, urlContext: unnamed })?.next).toBe(
      "Apply a saved plan (dashsync plan --url 'https://gw.example.com/[redacted]' --out plan.json, then dashsync apply --url 'https://gw.example.com/[redacted]' --format json plan.json), " +
        `or add --auto-approve. ${note.replace('that command', 'those commands')}`,
    );
    expect(findApplyFlagRefusal({ plan: 'p.json', prune: 'all', url, urlContext: unnamed })?.next).toBe(
      `To prune, make the plan with dashsync plan --url 'https://gw.example.com/[redacted]' --prune all --out p.json. ${note}`,
    );
    for (const flags of [{ root: 'x' }, { include: ['x/**'] }, { exclude: ['x/**'] }]) {
      const next = findApplyFlagRefusal({ plan: 'p.json', url, urlContext: unnamed, ...flags })?.next;
      expect(next).toMatch(/^Make the plan with dashsync plan --url 'https:\/\/gw\.example\.com\/\[redacted\]' .* --out p\.json, or apply it without --\w+\. The --url in that command/);
      expect(next).not.toContain(token);
    }
  });

  it("a plan saved before URLs were redacted: its raw --url is repeated as the plan's target shows it, and redacted with this run's secrets as well", () => {
    const raw = `https://gw.example.com/${token}`;
    const old = { target: { environment: 'production', url: 'https://gw.example.com/[redacted]', urlSha256: urlSha256(raw) }, selection: { urlFlag: raw } };
    expect(findApplyFlagRefusal({ plan: 'p.json', root: 'dashboards', savedPlan: old })?.next).toBe(
      `Make the plan with dashsync plan --env production --url 'https://gw.example.com/[redacted]' --root dashboards --out p.json, or apply it without --root. ${note}`,
    );
    // Its digest not that of the URL recorded (a plan edited by hand): this run's secrets still hide it.
    const edited = { ...old, target: { ...old.target, urlSha256: urlSha256('https://gw.example.com/other') } };
    const next = findApplyFlagRefusal({ plan: 'p.json', prune: 'all', savedPlan: edited, urlContext: { auth: { kind: 'token', token, from: 'GRAFANA_TOKEN' }, sameAsGrafanaUrl: false } })?.next;
    expect(next).toBe(`To prune, make the plan with dashsync plan --env production --url 'https://gw.example.com/[redacted]' --prune all --out p.json. ${note}`);
  });
});
