import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs git in `root` with a fixed identity and branch name; its stdout. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** New empty repositories under the temp directory (`prefix`), each removed by `removeAll` (an afterEach). */
export function tempGitRepos(prefix: string): { repo: () => string; removeAll: () => void } {
  const dirs: string[] = [];
  return {
    repo: () => {
      const root = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(root);
      git(root, 'init', '-q');
      return root;
    },
    removeAll: () => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })),
  };
}
