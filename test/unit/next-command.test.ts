import { describe, expect, it } from 'vitest';
import { renderNextCommand, runSelectionOf } from '../../src/report/next-command.js';

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

  it('without flags of place, the command as before', () => {
    expect(renderNextCommand(runSelectionOf({ orgIdFrom: 'GRAFANA_ORG_ID', orgId: 3 }), 'plan')).toBe('dashsync plan');
  });
});
