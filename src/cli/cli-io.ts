/** Where a CLI run reads its surroundings and writes its output: the process, or a test running the CLI in-process. */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
}

export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal (colours, progress bars). */
  isTTY?: boolean;
  columns?: number;
}

export function processIo(): CliIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}
