/** A command a file's diagnostic advises: check's (`dashsync check --fix`) or pull's (`dashsync pull web`), as the rules word them. */
const ADVISED = /(?<![\w-])(?<!npx )dashsync (?=(?:check|pull)\b)/g;

/**
 * A file's diagnostics, worded where no run is at hand (a file's parse, check's rules: `run \`dashsync check --fix\``,
 * `\`dashsync pull\` writes it with its uid`), with the commands they advise begun as this run's shell ran dashsync
 * (`invocation`: `npx dashsync`), as renderNextCommand begins every other command. Only check and pull: the rules advise
 * no other command, and name no other as one would be typed (`a dashsync plan file` is a thing). Unchanged for `dashsync`.
 */
export function diagnosticsInInvocation<T extends { message: string }>(diagnostics: T[], invocation: string | undefined): T[] {
  if (invocation === undefined) return diagnostics;
  return diagnostics.map((diagnostic) => {
    const message = adviceInInvocation(diagnostic.message, invocation);
    return message === diagnostic.message ? diagnostic : { ...diagnostic, message };
  });
}

/** A text worded as a file's diagnostic is (check --fix's reason to leave a file as it is, apply's api-unwritable refusal), its commands begun as `invocation`. */
export function adviceInInvocation(text: string, invocation: string | undefined): string {
  return invocation === undefined ? text : text.replace(ADVISED, `${invocation} `);
}
