/**
 * How the shell ran dashsync, where a command printed as advice must begin otherwise than `dashsync`: `npx dashsync` under
 * npx (and `npm exec`), which set both variables. A devDependency's dashsync (the README's install) is on no PATH there, so
 * `dashsync apply plan.json` pasted is `command not found`. Not under `npm run` (npm_command=run-script): the shell that
 * pastes the advice may not have the script's PATH either, but it is not known to have npx's. Undefined: `dashsync`.
 */
export function invocationOf(env: Record<string, string | undefined>): string | undefined {
  return env.npm_command === 'exec' && env.npm_lifecycle_event === 'npx' ? 'npx dashsync' : undefined;
}
