import { describe, expect, it } from 'vitest';
import { applySelectionOf, pathspecWord, planSelectionOf, recordedSelectionOf, renderNextCommand, renderPlanThenApply, renderRedactedUrlNote, runSelectionOf } from '../../src/report/next-command.js';
import { urlSha256 } from '../../src/config/url-sha256.js';

// walk-18 H-1 / M-2: a printed command repeats every flag of place the run was given, as the subcommand takes it.
const everything = runSelectionOf({
  environment: 'prod',
  orgId: 2,
  orgIdFrom: '--org-id',
  url: 'https://grafana.example',
  urlFromFlag: true,
  commandLine: { config: 'ops/ds.json', root: 'grafana', include: ['team-*/**'], api: 'legacy', caCert: 'ca.pem', insecure: true, backupDir: '/tmp/bdir' },
});

describe('renderNextCommand', () => {
  it('restore gets --backup-dir and the Grafana flags, never the tree flags it refuses', () => {
    expect(renderNextCommand(everything, 'restore --all')).toBe(
      'dashsync restore --env prod --org-id 2 --url https://grafana.example --config ops/ds.json --api legacy --ca-cert ca.pem --insecure --backup-dir /tmp/bdir --all',
    );
  });

  it('pull gets --root and --config, not --include (pull refuses it) nor --backup-dir', () => {
    expect(renderNextCommand(everything, 'pull web')).toBe(
      'dashsync pull --env prod --org-id 2 --url https://grafana.example --config ops/ds.json --api legacy --ca-cert ca.pem --insecure --root grafana web',
    );
  });

  it('plan gets the selection; apply of a saved plan leaves out what the plan decided (--root, --include)', () => {
    expect(renderNextCommand(everything, 'plan')).toContain("--root grafana --include 'team-*/**'");
    const apply = renderNextCommand(everything, ['apply', 'plan.json']);
    expect(apply).toBe('dashsync apply --env prod --org-id 2 --url https://grafana.example --config ops/ds.json --api legacy --ca-cert ca.pem --insecure --backup-dir /tmp/bdir plan.json');
  });

  it('check, which talks to no Grafana, gets no --url, --org-id or --api', () => {
    expect(renderNextCommand(everything, 'check')).toBe("dashsync check --env prod --config ops/ds.json --root grafana --include 'team-*/**'");
  });

  it('quotes values for the shell: spaces, quotes and $ pass as one word', () => {
    const selection = runSelectionOf({ commandLine: { root: 'my tree', backupDir: "it's $HOME" } });
    expect(renderNextCommand(selection, 'pull a')).toBe("dashsync pull --root 'my tree' a");
    expect(renderNextCommand(selection, ['restore', 'a', '--from-backup', 'b c.json'])).toBe("dashsync restore --backup-dir 'it'\\''s $HOME' a --from-backup 'b c.json'");
  });

  // apply-52: an apply (or plan) that finishes a run makes the deletes that run was told to make, as it made them.
  it('plan and apply repeat --prune (and --no-prune); apply its --delete-mode; a saved plan, pull and restore no --prune', () => {
    const pruning = runSelectionOf({ commandLine: { api: 'legacy', prune: 'all', deleteMode: 'hard' } });
    expect(renderNextCommand(runSelectionOf({ commandLine: { api: 'legacy', prune: 'folders', deleteMode: 'hard' } }), 'apply')).toBe('dashsync apply --api legacy --prune --delete-mode hard');
    // fixo-73: an apply anew with prune "all" is a plan to review and its file (advice-commands-one-way.test.ts).
    expect(renderNextCommand(pruning, 'apply')).toMatch(/^dashsync plan --api legacy --prune all --out plan\.json, review it .*, then dashsync apply --api legacy --delete-mode hard plan\.json$/);
    expect(renderNextCommand(pruning, 'plan')).toBe('dashsync plan --api legacy --prune all');
    expect(renderNextCommand(pruning, ['apply', 'p.json'])).toBe('dashsync apply --api legacy --delete-mode hard p.json');
    expect(renderNextCommand(pruning, 'pull web')).toBe('dashsync pull --api legacy web');
    expect(renderNextCommand(pruning, 'restore --all')).toBe('dashsync restore --api legacy --all');
    expect(renderNextCommand(runSelectionOf({ commandLine: { prune: 'folders' } }), 'apply')).toBe('dashsync apply --prune');
    expect(renderNextCommand(runSelectionOf({ commandLine: { prune: false } }), 'plan')).toBe('dashsync plan --no-prune');
  });

  // apply-53: an apply that finishes this one is not refused by the limit this one raised.
  it('apply repeats --max-deletes, a saved plan\'s apply too; plan, pull and restore do not take it', () => {
    const raised = runSelectionOf({ commandLine: { maxDeletes: 40 } });
    expect(renderNextCommand(raised, 'apply')).toBe('dashsync apply --max-deletes 40');
    expect(renderNextCommand(raised, ['apply', 'p.json'])).toBe('dashsync apply --max-deletes 40 p.json');
    expect([renderNextCommand(raised, 'plan'), renderNextCommand(raised, 'pull web'), renderNextCommand(raised, 'restore --all')]).toEqual(['dashsync plan', 'dashsync pull web', 'dashsync restore --all']);
  });

  it("an apply's selection takes from its plan the root, prune scope and --include/--exclude this run's settings would not give", () => {
    const settings = { cwd: '/w', root: '/w/dashboards', prune: false as const, commandLine: { api: 'legacy' as const } };
    const plan = { root: 'grafana', prune: 'all' as const, commandLineSelection: { include: ['team-a/**'] } };
    expect(renderNextCommand(applySelectionOf(plan, settings), 'plan')).toBe("dashsync plan --api legacy --root grafana --include 'team-a/**' --prune all");
    expect(renderNextCommand(applySelectionOf(plan, settings), ['apply', 'p.json'])).toBe('dashsync apply --api legacy p.json');
    expect(applySelectionOf({ root: 'dashboards', prune: false }, settings)).toEqual({ api: 'legacy' });
  });

  it('without flags of place, the command as before', () => {
    expect(renderNextCommand(runSelectionOf({ orgIdFrom: 'GRAFANA_ORG_ID', orgId: 3 }), 'plan')).toBe('dashsync plan');
  });
});

// review-67b M3: a printed git command reads the path after `--` as a pattern: it names that one file only.
describe('pathspecWord', () => {
  it('a plain path as it is (quoted where the shell needs it); one git reads as a pattern or magic, literal', () => {
    expect(pathspecWord('dashboards/team/a1.json')).toBe('dashboards/team/a1.json');
    expect(pathspecWord('dashboards/my team/a.json')).toBe("'dashboards/my team/a.json'");
    expect(pathspecWord('dashboards/team/a[1].json')).toBe("':(literal)dashboards/team/a[1].json'");
    expect(pathspecWord('../dashboards/*.json')).toBe("':(literal)../dashboards/*.json'");
    expect(pathspecWord('what?.json')).toBe("':(literal)what?.json'");
    expect(pathspecWord('back\\slash.json')).toBe("':(literal)back\\slash.json'");
    expect(pathspecWord(':top.json')).toBe("':(literal):top.json'");
  });
});

// sec-67 H1: a token in the path of --url is never repeated, in a printed command or a plan file's selection.
describe('a --url holding the run\'s secret', () => {
  const token = 'glsa_secretSecretSecret_0123abcd';
  const typed = `https://proxy.example.com/${token}`;

  it('is recorded and repeated redacted, and the note after the command says what to give instead', () => {
    const selection = runSelectionOf({ url: typed, urlFromFlag: true, auth: { kind: 'token', token } });
    expect(selection.urlFlag).toBe('https://proxy.example.com/[redacted]');
    expect(renderNextCommand(selection, ['apply', 'plan.json'])).toBe("dashsync apply --url 'https://proxy.example.com/[redacted]' plan.json");
    expect(renderRedactedUrlNote(selection)).toBe('The --url in that command shows its secret part as [redacted]: give the URL as you did (or set GRAFANA_URL to it and leave --url out)\n');
    expect(renderRedactedUrlNote(runSelectionOf({ url: 'https://grafana.example', urlFromFlag: true, auth: { kind: 'token', token } }))).toBe('');
  });

  it('a plan file from before it was redacted: the typed --url (the URL the plan was made for) is shown as the target\'s URL', () => {
    const target = { environment: null, url: 'https://proxy.example.com/[redacted]', urlSha256: urlSha256(typed) };
    expect(planSelectionOf({ target, selection: { urlFlag: typed } }).urlFlag).toBe('https://proxy.example.com/[redacted]');
    // Another URL (the plan's own check refuses it at apply) is left as recorded.
    expect(planSelectionOf({ target, selection: { urlFlag: 'https://other.example.com' } }).urlFlag).toBe('https://other.example.com');
  });

  // fixo-68: where the secret came from a variable the user can name, the command names it, and works pasted.
  it('names the variable the token came from, in double quotes, or leaves --url out where GRAFANA_URL holds it', () => {
    const auth = { kind: 'token' as const, token, from: 'GRAFANA_TOKEN_PROD' };
    const named = runSelectionOf({ url: `https://proxy.example.com/$x/${token}/"q"`, urlFromFlag: true, auth });
    expect(named.urlFlag).toBe('https://proxy.example.com/$x/[redacted]/"q"');
    expect(renderNextCommand(named, 'plan')).toBe('dashsync plan --url "https://proxy.example.com/\\$x/${GRAFANA_TOKEN_PROD}/\\"q\\""');
    expect(renderRedactedUrlNote(named)).toBe('');
    // Not in the plan file: it records the URL as shown.
    expect(recordedSelectionOf(named)).toEqual({ urlFlag: 'https://proxy.example.com/$x/[redacted]/"q"' });
    const bang = runSelectionOf({ url: `https://proxy.example.com/a!/${token}`, urlFromFlag: true, auth });
    expect(renderNextCommand(bang, 'plan')).toBe(`dashsync plan --url 'https://proxy.example.com/a!/'"\${GRAFANA_TOKEN_PROD}"`);
    const fromVariable = runSelectionOf({ url: typed, urlFromFlag: true, urlAlsoInGrafanaUrl: true, auth });
    expect(renderNextCommand(fromVariable, ['apply', 'plan.json'])).toBe('dashsync apply plan.json');
    expect(renderRedactedUrlNote(fromVariable)).toBe('');
  });

  it('stays redacted where the URL holds the secret in another form, or the credentials name no variable', () => {
    const auth = { kind: 'token' as const, token, from: 'GRAFANA_TOKEN' };
    const encoded = runSelectionOf({ url: `https://proxy.example.com/${token.replace('_', '%5F')}`, urlFromFlag: true, auth });
    expect(renderNextCommand(encoded, 'plan')).toBe("dashsync plan --url 'https://proxy.example.com/[redacted]'");
    expect(renderRedactedUrlNote(encoded)).not.toBe('');
    const basic = { kind: 'basic' as const, user: 'ci', password: 'p4ssw0rd-long-enough', from: 'GRAFANA_USER and GRAFANA_PASSWORD', passwordFrom: 'GRAFANA_PASSWORD' };
    expect(renderNextCommand(runSelectionOf({ url: 'https://gw.example/p4ssw0rd-long-enough', urlFromFlag: true, auth: basic }), 'plan')).toBe('dashsync plan --url "https://gw.example/${GRAFANA_PASSWORD}"');
    const header = Buffer.from('ci:p4ssw0rd-long-enough').toString('base64');
    expect(renderNextCommand(runSelectionOf({ url: `https://gw.example/${header}`, urlFromFlag: true, auth: basic }), 'plan')).toBe("dashsync plan --url 'https://gw.example/[redacted]'");
  });
});

// walk-67 M1: under npx a devDependency's dashsync is on no PATH; every printed command begins as the shell ran it.
describe('the invocation (npx dashsync)', () => {
  const npx = runSelectionOf({ environment: 'prod', commandLine: { root: 'grafana', invocation: 'npx dashsync' } });

  it('begins every command renderNextCommand words, before the subcommand and its flags', () => {
    expect(renderNextCommand(npx, ['apply', 'plan.json'])).toBe('npx dashsync apply --env prod plan.json');
    expect(renderNextCommand(npx, 'pull --force web')).toBe('npx dashsync pull --env prod --root grafana --force web');
    // fixn-69: a "lists every one" pointer repeats the run's selection (pasted without it, it listed another environment).
    expect(renderNextCommand(npx, 'plan --verbose')).toBe('npx dashsync plan --env prod --root grafana --verbose');
  });

  it('is not recorded in a saved plan: show and apply of it word their commands as their own shell runs dashsync', () => {
    expect(recordedSelectionOf(npx)).toEqual({ root: 'grafana' });
    expect(recordedSelectionOf(runSelectionOf({ commandLine: { invocation: 'npx dashsync' } }))).toBeUndefined();
    const plan = { target: { environment: 'prod' }, selection: { root: 'grafana' } };
    expect(renderNextCommand(planSelectionOf(plan), 'plan')).toBe('dashsync plan --env prod --root grafana');
    expect(renderNextCommand(planSelectionOf(plan, 'npx dashsync'), 'plan')).toBe('npx dashsync plan --env prod --root grafana');
  });
});

// fixn-69: Grafana allows a uid that begins with "-" (`^[a-zA-Z0-9\-_]*$`, /apis names too); pasted where an option may stand,
// the parser reads `-abc` as an unknown option.
describe('a uid that begins with "-"', () => {
  const prod = runSelectionOf({ environment: 'prod' });

  it('goes after --, at the end, with the options before it', () => {
    expect(renderNextCommand(prod, ['restore', '-abc'])).toBe('dashsync restore --env prod -- -abc');
    expect(renderNextCommand(prod, ['restore', 'web', '-abc', '--from-backup', 'b.json', '--over-recently-deleted'])).toBe('dashsync restore --env prod web --from-backup b.json --over-recently-deleted -- -abc');
    expect(renderNextCommand(prod, 'pull --force -abc')).toBe('dashsync pull --env prod --force -- -abc');
    expect(renderNextCommand(prod, ['pull', '--prune', '--abc'])).toBe('dashsync pull --env prod --prune -- --abc');
  });

  it('is joined to an option whose value it is; other commands stay as they were', () => {
    expect(renderNextCommand(prod, ['pull', '--folder', '-team'])).toBe('dashsync pull --env prod --folder=-team');
    expect(renderNextCommand(prod, ['restore', 'web', '--folder', '-team'])).toBe('dashsync restore --env prod web --folder=-team');
    expect(renderNextCommand(runSelectionOf({ commandLine: { root: '-grafana' } }), 'pull web')).toBe('dashsync pull --root=-grafana web');
    expect(renderNextCommand(prod, 'plan --prune all --out p.json')).toBe('dashsync plan --env prod --prune all --out p.json');
    expect(renderNextCommand(prod, ['apply', '--no-prune', 'p.json'])).toBe('dashsync apply --env prod --no-prune p.json');
    expect(renderNextCommand(prod, 'pull --force web')).toBe('dashsync pull --env prod --force web');
    expect(renderNextCommand(undefined, ['restore', '--help'])).toBe('dashsync restore --help');
  });
});

// fixo-73 left: under prune "all" a line's "plan shows X, apply does Y" named the plan twice (`dashsync plan shows it,
// dashsync plan --out plan.json, review it (…), then dashsync apply plan.json makes it`).
describe('renderPlanThenApply', () => {
  it('names the plan that shows the change and the apply that makes it once each; under prune "all" the plan to review and its file', () => {
    expect(renderPlanThenApply(runSelectionOf({ environment: 'prod' }), 'its create', 'makes it')).toBe('dashsync plan --env prod shows its create, dashsync apply --env prod makes it');
    const all = renderPlanThenApply(runSelectionOf({ environment: 'prod', prune: 'all', commandLine: { invocation: 'npx dashsync' } }), 'the change', 'pushes it');
    expect(all).toBe(
      'npx dashsync plan --env prod --out plan.json shows the change; review it (prune "all" deletes whatever no file of the tree holds, dashboards made in Grafana included: it lists each), ' +
        'then npx dashsync apply --env prod plan.json pushes it',
    );
    expect(all.match(/ plan /g)).toHaveLength(1);
    // Given by flag, the plan repeats it; the saved plan's apply does not take it.
    expect(renderPlanThenApply(runSelectionOf({ commandLine: { prune: 'all' } }), 'its create', 'makes it')).toBe(
      'dashsync plan --prune all --out plan.json shows its create; review it (prune "all" deletes whatever no file of the tree holds, dashboards made in Grafana included: it lists each), then dashsync apply plan.json makes it',
    );
  });
});
