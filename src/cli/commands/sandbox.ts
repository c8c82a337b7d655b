import { readFileSync } from 'node:fs';
import { ConfigError, EXIT_OK } from '../../errors.js';
import { describeReadReason } from '../../files/file-error-reasons.js';
import { eraRules, familyOfRelease } from '../../sandbox/era.js';
import { KNOWN_FEATURES, releaseFeatures, startSandbox } from '../../sandbox/index.js';
import type { FaultConfig, GrafanaVersion, SandboxFeature, SandboxHandle, SandboxOptions } from '../../sandbox/types.js';
import { hideIgnoredOptions } from '../common-options.js';
import type { DashsyncCommand } from '../define-command.js';
import { describeSandboxFaults } from './describe-sandbox-faults.js';

interface SandboxArgs {
  port: number;
  host: string;
  data?: string;
  grafanaVersion?: string;
  release?: string;
  feature?: string[];
  storage?: string;
  database?: string;
  minRefreshInterval: string;
  versionsToKeep: number;
  hideVersion?: boolean;
  token?: boolean;
  tokenRole?: string;
  latency?: number;
  errorRate?: number;
  errorStatus?: number;
  rateLimitRate?: number;
  retryAfter?: number;
  dropRate?: number;
  seed?: number;
  tlsCert?: string;
  tlsKey?: string;
}

const versions: GrafanaVersion[] = ['11.2', '12', '13'];

export const sandboxCommand: DashsyncCommand<SandboxArgs> = {
  command: 'sandbox',
  describe: 'Run the bundled Grafana-compatible API server (for demos, tests and benchmarks)',
  builder: (yargs) =>
    hideIgnoredOptions(
      yargs
        .option('port', { type: 'number', default: 3000, describe: 'Port to listen on (0 = any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
        .option('data', { type: 'string', describe: 'Persist state to this JSON file (loaded at start, written atomically)' })
        .option('grafana-version', { type: 'string', describe: 'Release family to emulate: 11.2, 12 or 13 (default: the family of --release, else 12)' })
        .option('release', { type: 'string', describe: 'The exact release within the family to report, e.g. 12.2.0 or 13.2.0 (a rollback rehearsal; 13.1 and later save /api without the dashboard service)' })
        .option('feature', {
          type: 'string',
          array: true,
          describe: 'Feature toggle on (NAME) or off (NAME=false), repeatable: dashboardRestore (11.2), dashboardNewLayouts and restoreDashboards (12, 13)',
        })
        .option('storage', { type: 'string', describe: "Where dashboards are stored: legacy (11.2 and 12's default) or unified (13's)" })
        .option('database', {
          type: 'string',
          describe: 'The database Grafana runs on: sqlite (default), postgres, or mysql (uids compared without case, and the data source names of 12.0–12.2\'s schema migration ordered so)',
        })
        .option('min-refresh-interval', { type: 'string', default: '5s', describe: '[dashboards] min_refresh_interval' })
        .option('versions-to-keep', { type: 'number', default: 20, describe: '[dashboards] versions_to_keep' })
        .option('hide-version', { type: 'boolean', describe: '[auth.anonymous] hide_version: /api/health leaves out the release and its commit' })
        .option('token', { type: 'boolean', describe: 'Create a service account token at start and print it (role: --token-role)' })
        .option('token-role', { type: 'string', describe: "The --token service account's org role: admin (default), editor or viewer; implies --token" })
        .option('latency', { type: 'number', describe: 'Fault: milliseconds added before every /api and /apis answer' })
        .option('error-rate', { type: 'number', describe: 'Fault: fraction 0..1 of requests answered with --error-status' })
        .option('error-status', { type: 'number', describe: 'Fault: status of injected errors (default 503)' })
        .option('rate-limit-rate', { type: 'number', describe: 'Fault: fraction 0..1 of requests answered 429' })
        .option('retry-after', { type: 'number', describe: 'Fault: Retry-After seconds on injected 429s (default 1)' })
        .option('drop-rate', { type: 'number', describe: 'Fault: fraction 0..1 of connections dropped mid-response' })
        .option('seed', { type: 'number', describe: 'Fault: PRNG seed, for repeatable runs' })
        .option('tls-cert', { type: 'string', describe: 'Serve HTTPS with this PEM certificate (chain); needs --tls-key' })
        .option('tls-key', { type: 'string', describe: 'PEM private key of --tls-cert' }),
      'sandbox',
    ) as never,
  async run(args, io) {
    const options = sandboxOptions(args);
    const tokenRole = args.token || args.tokenRole !== undefined ? TOKEN_ROLES[(args.tokenRole ?? 'admin') as keyof typeof TOKEN_ROLES] : undefined;
    let handle;
    try {
      handle = await startSandbox(options);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new ConfigError([`port ${options.port} is already in use; pass --port 0 or another port`]);
      if (code === 'EADDRNOTAVAIL') throw new ConfigError([`cannot listen on --host ${options.host}`]);
      if (error instanceof Error && error.message.startsWith('sandbox data file')) throw new ConfigError([error.message]);
      if (code?.startsWith('ERR_OSSL') || code === 'ERR_SSL_KEY_VALUES_MISMATCH') {
        throw new ConfigError([`--tls-cert and --tls-key cannot serve TLS (${code}); pass a PEM certificate and its own private key`]);
      }
      throw error;
    }
    // Listening for the signals before the first line goes out: a script that stops the sandbox as soon as it has read
    // it (on a busy machine, before this process ran another instruction) still gets the flush and exit 0.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const faults = describeSandboxFaults(options.faults);
    const faultsNote = faults.length > 0 ? `; faults: ${faults.join(', ')}` : '';
    io.stdout.write(`dashsync sandbox listening on ${handle.url} (${describeSetup(options, handle.storage).join(', ')}, org 1 "Main Org.", admin/admin${faultsNote})\n`);
    if (tokenRole) io.stdout.write(`token: ${await handle.createToken(tokenRole)}\n`);
    await stopped;
    await handle.close();
    return EXIT_OK;
  },
};

function sandboxOptions(args: SandboxArgs): SandboxOptions & { port: number; host: string } {
  const problems: string[] = [];
  // A --release alone names its family (13.1.0 is a 13); without either, 12.
  const releaseFamily = args.release === undefined ? undefined : familyOfRelease(String(args.release));
  const family = args.grafanaVersion === undefined ? (releaseFamily ?? '12') : String(args.grafanaVersion);
  const grafanaVersion = versions.find((version) => version === family);
  if (!grafanaVersion) problems.push(`--grafana-version must be one of ${versions.join(', ')} (got ${family})`);
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) problems.push(`--port must be 0..65535 (got ${args.port})`);
  if (!/^\d+(ms|s|m|h|d)$/.test(args.minRefreshInterval)) {
    problems.push(`--min-refresh-interval must be a duration like 5s or 1m (got ${args.minRefreshInterval})`);
  }
  if (!Number.isInteger(args.versionsToKeep) || args.versionsToKeep < 1) problems.push('--versions-to-keep must be a whole number ≥ 1');
  for (const [flag, value] of [['--error-rate', args.errorRate], ['--rate-limit-rate', args.rateLimitRate], ['--drop-rate', args.dropRate]] as const) {
    if (value !== undefined && !(value >= 0 && value <= 1)) problems.push(`${flag} must be between 0 and 1 (got ${value})`);
  }
  const storage = args.storage === undefined ? undefined : (['legacy', 'unified'] as const).find((kind) => kind === args.storage);
  if (args.storage !== undefined && storage === undefined) problems.push(`--storage must be legacy or unified (got ${args.storage})`);
  const database = args.database === undefined ? undefined : (['sqlite', 'postgres', 'mysql'] as const).find((kind) => kind === args.database);
  if (args.database !== undefined && database === undefined) problems.push(`--database must be sqlite, postgres or mysql (got ${args.database})`);
  if (args.release !== undefined && grafanaVersion !== undefined) {
    try {
      eraRules(grafanaVersion, String(args.release));
    } catch (error) {
      const other = releaseFamily === undefined || args.grafanaVersion === undefined ? '' : `: it is a Grafana ${releaseFamily} release (pass --grafana-version ${releaseFamily} with it, or leave --grafana-version out)`;
      problems.push(other === '' ? `--release: ${(error as Error).message}` : `--release: release "${String(args.release)}" is not a Grafana ${grafanaVersion} release${other}`);
    }
  }
  if (storage === 'unified' && grafanaVersion !== undefined && eraRules(grafanaVersion).apis === undefined) {
    problems.push(`--storage unified: Grafana ${grafanaVersion} has no /apis, so no unified storage; pass --grafana-version 12 or 13 with it, or leave --storage out`);
  }
  if (args.tokenRole !== undefined && !Object.hasOwn(TOKEN_ROLES, args.tokenRole)) {
    problems.push(`--token-role must be admin, editor or viewer (got ${args.tokenRole})`);
  }
  const toggles = readFeatures(args.feature ?? [], grafanaVersion, problems);
  const tls = readTls(args, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const faults: FaultConfig = {
    ...(args.latency !== undefined ? { latencyMs: args.latency } : {}),
    ...(args.errorRate !== undefined ? { errorRate: args.errorRate } : {}),
    ...(args.errorStatus !== undefined ? { errorStatus: args.errorStatus } : {}),
    ...(args.rateLimitRate !== undefined ? { rateLimitRate: args.rateLimitRate } : {}),
    ...(args.retryAfter !== undefined ? { retryAfterSeconds: args.retryAfter } : {}),
    ...(args.dropRate !== undefined ? { dropRate: args.dropRate } : {}),
    // Drawn faults get a seed the listening line can name, so the run can be repeated with --seed.
    ...(args.seed !== undefined ? { seed: args.seed } : args.errorRate || args.rateLimitRate || args.dropRate ? { seed: Date.now() } : {}),
  };
  return {
    port: args.port,
    host: args.host,
    grafanaVersion,
    ...(args.release !== undefined ? { release: String(args.release) } : {}),
    ...(Object.keys(toggles).length > 0 ? { features: toggles } : {}),
    ...(args.data ? { dataFile: args.data } : {}),
    ...(storage ? { storage } : {}),
    ...(database ? { database } : {}),
    minRefreshInterval: args.minRefreshInterval,
    versionsToKeep: args.versionsToKeep,
    ...(args.hideVersion ? { hideVersion: true } : {}),
    ...(Object.keys(faults).length > 0 ? { faults } : {}),
    ...(tls ? { tls } : {}),
  };
}

const TOKEN_ROLES = { admin: 'Admin', editor: 'Editor', viewer: 'Viewer' } as const;

/**
 * What the listening line names: the release, then whatever differs from that release family's own
 * setup (toggles, the storage in use, database), so a log shows which Grafana a run was tried against.
 */
function describeSetup(options: SandboxOptions, inUse: SandboxHandle['storage']): string[] {
  const version = options.grafanaVersion ?? '12';
  const toggles = Object.entries(options.features ?? {}).map(([name, on]) => (on ? name : `${name}=false`));
  const storage = inUse !== eraRules(version).defaultStorage ? [`storage ${inUse}`] : [];
  const database = options.database !== undefined && options.database !== 'sqlite' ? [`database ${options.database}`] : [];
  const hidden = options.hideVersion ? ['version hidden'] : [];
  return [`Grafana ${options.release ?? version}`, ...toggles, ...storage, ...database, ...hidden];
}

/** `--feature NAME` turns a toggle on, `--feature NAME=false` off (Grafana's `[feature_toggles] NAME = false`). */
function readFeatures(values: string[], version: GrafanaVersion | undefined, problems: string[]): Partial<Record<SandboxFeature, boolean>> {
  const out: Partial<Record<SandboxFeature, boolean>> = {};
  for (const value of values) {
    const [name = '', setting = 'true'] = String(value).split('=', 2);
    const feature = KNOWN_FEATURES.find((known) => known === name);
    if (!feature || (setting !== 'true' && setting !== 'false')) {
      problems.push(`--feature ${value}: expected NAME or NAME=false with NAME one of ${KNOWN_FEATURES.join(', ')}`);
      continue;
    }
    if (version && !releaseFeatures(version).includes(feature)) {
      problems.push(`--feature ${value}: Grafana ${version} has no such toggle (its toggles: ${releaseFeatures(version).join(', ')})`);
      continue;
    }
    out[feature] = setting === 'true';
  }
  return out;
}

function readTls(args: SandboxArgs, problems: string[]): SandboxOptions['tls'] {
  if (args.tlsCert === undefined && args.tlsKey === undefined) return undefined;
  if (args.tlsCert === undefined || args.tlsKey === undefined) {
    problems.push('--tls-cert and --tls-key go together: the certificate and its private key (PEM files)');
    return undefined;
  }
  const read = (flag: string, file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = describeReadReason(code);
      problems.push(`${flag}: cannot read ${file} (${code ?? 'unreadable'})${reason === undefined ? '' : `: ${reason}`}`);
      return '';
    }
  };
  return { cert: read('--tls-cert', args.tlsCert), key: read('--tls-key', args.tlsKey) };
}
