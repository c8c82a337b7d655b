/**
 * `dashsync check --pre-commit WORDS…`, the hook's entry: pre-commit appends the hook's `args`,
 * then the file names, with nothing between them. The leading words that are exactly check's
 * options (`--fix`, `--root DIR`, `--include GLOB`: one value each) are options; the first other
 * word starts the file names, whatever they look like (`--fix.json` is a file). Returns the
 * command line with `--` before the file names, so the parser never reads one as an option.
 */
export function splitHookWords(argv: readonly string[], options: { flags: ReadonlySet<string>; withValue: ReadonlySet<string> }): string[] {
  const at = argv.indexOf(PRE_COMMIT_FLAG);
  if (at < 0 || !argv.slice(0, at).includes('check') || argv.slice(0, at).includes('--')) return [...argv];
  const words = argv.slice(at + 1);
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (options.flags.has(word)) i += 1;
    else if (options.withValue.has(word) && i + 1 < words.length) i += 2;
    else break;
  }
  const files = words.slice(i);
  return [...argv.slice(0, at + 1), ...words.slice(0, i), ...(files.length > 0 ? ['--', ...files] : [])];
}

const PRE_COMMIT_FLAG = '--pre-commit';
