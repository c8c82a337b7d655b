import { fixFiles } from '../../check/fix-files.js';
import { runCheck } from '../../check/run-check.js';
import { summarizeCheck } from '../../check/summarize-check.js';
import { loadSettings } from '../../config/load-settings.js';
import { EXIT_ERROR, EXIT_OK } from '../../errors.js';
import { escapeText } from '../../report/escape-untrusted.js';
import { renderDiagnostics } from '../../report/render-diagnostics.js';
import { singleEnvironment } from '../common-options.js';
import type { DashsyncCommand } from '../define-command.js';

interface CheckArgs {
  files?: string[];
  fix?: boolean;
  root?: string;
  config?: string;
  env?: string | string[];
  include?: string[];
  exclude?: string[];
  verbose?: boolean;
  color?: boolean;
}

export const checkCommand: DashsyncCommand<CheckArgs> = {
  command: 'check [files..]',
  describe: 'Validate dashboard files offline (for pre-commit and CI); --fix rewrites them canonically',
  builder: (yargs) =>
    yargs
      .positional('files', {
        type: 'string',
        array: true,
        describe: 'Only report on these files (as pre-commit passes them); uids are still checked against the whole tree',
      })
      .option('fix', { type: 'boolean', describe: 'Rewrite files in canonical form, remove numeric ids, add missing uids' })
      .option('root', { type: 'string', describe: 'Dashboards tree (default: dashboards)' })
      .option('config', { type: 'string', describe: 'Config file (default: dashsync.config.json when present)' })
      .option('env', { type: 'string', describe: "Check this environment's inputs only (default: every environment's)" })
      .option('include', { type: 'string', array: true, describe: 'Only files matching these globs (relative to the root)' })
      .option('exclude', { type: 'string', array: true, describe: 'Skip files matching these globs' })
      .hide('color') as never, // check prints no colours
  async run(args) {
    const settings = await loadSettings({
      flags: { root: args.root, config: args.config, env: singleEnvironment(args.env), include: args.include, exclude: args.exclude, verbose: args.verbose, color: args.color },
      env: withoutGrafanaVariables(process.env),
      cwd: process.cwd(),
      offline: true,
    });
    const files = args.files && args.files.length > 0 ? args.files : undefined;
    let fixed: string[] = [];
    if (args.fix) {
      const result = await fixFiles({ settings, files });
      fixed = result.changed.map((change) => change.file);
      for (const change of result.changed) process.stderr.write(`${escapeText(`fixed ${change.file}: ${change.changes.join(', ')}`)}\n`);
    }
    const { diagnostics, filesChecked } = await runCheck({ settings, files });
    process.stdout.write(renderDiagnostics(diagnostics));
    const summary = summarizeCheck(diagnostics, filesChecked, fixed.length);
    process.stderr.write(`${summary.line}\n`);
    return summary.errors > 0 ? EXIT_ERROR : EXIT_OK;
  },
};

/** check is offline: a half-set GRAFANA_USER or a malformed GRAFANA_URL in the shell must not fail it. */
function withoutGrafanaVariables(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('GRAFANA_')));
}

