import { decodeUtf8 } from '../files/decode-utf8.js';
import { startGit } from './start-git.js';

export interface Blob {
  oid: string;
  text: string;
}

/**
 * The blob each `<commit>:<path>` names, in the order asked (null where git has none: missing,
 * not a blob, not UTF-8), from one `git cat-file --batch` process fed every request at once.
 * Null when git cannot run or fails; never throws.
 */
export function readCatFileBatch(cwd: string, specs: string[]): Promise<(Blob | null)[] | null> {
  if (specs.length === 0) return Promise.resolve([]);
  const answers: (Blob | null)[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  return new Promise((done) => {
    const child = startGit(cwd, ['cat-file', '--batch']);
    if (child === null) return done(null);
    // Each answer: `<oid> <type> <size>\n<content>\n`, or `<spec> missing\n` (ambiguous, …) for a name git cannot resolve.
    const drain = () => {
      for (;;) {
        const newline = buffer.indexOf(10);
        if (newline < 0) return;
        const header = buffer.subarray(0, newline).toString('utf8');
        const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
        if (!match) {
          answers.push(null);
          buffer = buffer.subarray(newline + 1);
          continue;
        }
        const size = Number(match[3]);
        if (buffer.length < newline + 1 + size + 1) return;
        const content = buffer.subarray(newline + 1, newline + 1 + size);
        buffer = buffer.subarray(newline + 1 + size + 1);
        answers.push(match[2] === 'blob' ? asBlob(match[1]!, content) : null);
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      drain();
    });
    child.on('error', () => done(null));
    child.on('close', (code) => done(code === 0 && answers.length === specs.length ? answers : null));
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${specs.join('\n')}\n`);
  });
}

/** Decoded as a file of the tree is (decodeUtf8): text only when the bytes are UTF-8. */
function asBlob(oid: string, content: Buffer): Blob | null {
  const decoded = decodeUtf8(content);
  return decoded.ok ? { oid, text: decoded.text } : null;
}
