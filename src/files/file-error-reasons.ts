/**
 * What a usual file system error code means for the person running dashsync: what happened, and what to do about it for a
 * file that could not be read, for a directory that could not be reached (the tree root, a folder of it, the backup
 * directory: the advice fits what the name is for), for a file that could not be written, and for a directory a new file
 * could not be made in. Every file error of dashsync says its code in these words. Each caller shows the code its own way
 * (`permission denied (EACCES)`, `cannot read the file (EACCES): permission denied`); not found is each caller's own, as what
 * to name instead differs (and so is a directory, where a caller names what to give).
 */
interface FileErrorReason {
  /** `permission denied`. */
  what: string;
  /** `make it readable by the user running dashsync`; none where nothing but the path can be changed. */
  toRead?: string;
  /** For a name meant to reach a directory (the tree root, a folder of it, the backup directory), where a file's words would not fit. */
  toReadDirectory?: string;
  /** For the file itself: `make it writable by the user running dashsync`. */
  toWrite?: string;
  /** For the directory a new file goes into (a backup, a temp file renamed over the file): `let the user running dashsync write there`. */
  toWriteIn?: string;
}

const MAKE_READABLE = 'make it readable by the user running dashsync';

const PERMISSION_DENIED: FileErrorReason = {
  what: 'permission denied',
  toRead: MAKE_READABLE,
  toWrite: 'make it writable by the user running dashsync',
  toWriteIn: 'let the user running dashsync write there',
};

const NO_SPACE: FileErrorReason = { what: 'no space left on the disk', toWrite: 'free space on its disk', toWriteIn: 'free space on its disk' };

/** A quota is the user's own: `df` shows room, so freeing space on the disk as a whole is not the remedy. */
const OVER_QUOTA = 'free space within that quota (quota -s), or have it raised';

/**
 * Not a mode bit: an immutable or append-only attribute (refused even to root; chmod does not help), a rename over another
 * user's file in a sticky directory, or on macOS a folder the terminal has not been given access to.
 */
const MACOS_FOLDER_ACCESS = 'on macOS, allow the terminal access to that folder (System Settings > Privacy & Security)';
const NOT_PERMITTED: FileErrorReason = {
  what: 'operation not permitted',
  toRead: `check its attributes (lsattr); ${MACOS_FOLDER_ACCESS}`,
  toWrite: `check its attributes (lsattr: immutable or append-only; chattr -i -a); ${MACOS_FOLDER_ACCESS}`,
  toWriteIn: `check the attributes of the file and of its directory (lsattr: immutable or append-only), and in a sticky directory who owns the file; ${MACOS_FOLDER_ACCESS}`,
};

const REASONS: Readonly<Record<string, FileErrorReason>> = {
  EACCES: PERMISSION_DENIED,
  EPERM: NOT_PERMITTED,
  ENOTDIR: { what: 'a part of that path is a file, not a directory', toRead: 'check the path', toWrite: 'move away the file that stands there', toWriteIn: 'move away the file that stands there' },
  EISDIR: { what: 'it is a directory, not a file' },
  ELOOP: { what: 'it is a symlink in a loop of links', toRead: 'point it at a file', toReadDirectory: 'point it at a directory' },
  ENAMETOOLONG: {
    what: 'its path is longer than this system allows',
    toRead: 'shorten the names on it, or nest it less deeply',
    toWrite: 'shorten the names on its path, or nest it less deeply',
    toWriteIn: 'shorten the names on its path, or nest it less deeply',
  },
  EROFS: { what: 'the file system is read-only', toWrite: 'remount its file system read-write', toWriteIn: 'remount its file system read-write' },
  ENOSPC: NO_SPACE,
  EDQUOT: { what: 'over the disk quota of the user running dashsync', toWrite: OVER_QUOTA, toWriteIn: OVER_QUOTA },
  EFBIG: {
    what: 'over the file size limit',
    toWrite: 'raise the file size limit of the user running dashsync (ulimit -f)',
    toWriteIn: 'raise the file size limit of the user running dashsync (ulimit -f)',
  },
};

/** The reason of an error's code, where it is a usual one. */
export function fileErrorReason(code: string | undefined): FileErrorReason | undefined {
  return code === undefined || !Object.hasOwn(REASONS, code) ? undefined : REASONS[code];
}

/** What a name that could not be read is for: a file, or a directory (the tree root, a folder of it, the backup directory). */
export type NameFor = 'file' | 'directory';

/** `what; to do`, or `what` alone where there is nothing to do but what the caller says. */
function joinReason(what: string, toDo: string | undefined): string {
  return toDo === undefined ? what : `${what}; ${toDo}`;
}

/** The reason's advice for what could not be read, fitting what its name is for. */
function toReadOf(reason: FileErrorReason, nameFor: NameFor): string | undefined {
  return nameFor === 'directory' ? (reason.toReadDirectory ?? reason.toRead) : reason.toRead;
}

/** The code's advice for what could not be read (`point it at a directory`), where the table has one. */
export function knownAdviceToRead(code: string | undefined, nameFor: NameFor = 'file'): string | undefined {
  const reason = fileErrorReason(code);
  return reason === undefined ? undefined : toReadOf(reason, nameFor);
}

/** What to do about something that could not be read: its code's advice (`shorten the names on it…`), else to make it readable. */
export function adviceToRead(code: string | undefined, nameFor: NameFor = 'file'): string {
  return knownAdviceToRead(code, nameFor) ?? MAKE_READABLE;
}

/** `permission denied; make it readable by the user running dashsync`, where the code is a usual one (without the code). */
export function describeReadReason(code: string | undefined, nameFor: NameFor = 'file'): string | undefined {
  const reason = fileErrorReason(code);
  return reason === undefined ? undefined : joinReason(reason.what, toReadOf(reason, nameFor));
}

/** `permission denied (EACCES)` where the code is a usual one, else the code alone. */
export function describeErrorCode(code: string): string {
  const reason = fileErrorReason(code);
  return reason === undefined ? code : `${reason.what} (${code})`;
}

/**
 * Pure: why a file named on the command line (a plan, the config, a backup) could not be read: `permission denied (EACCES);
 * make it readable by the user running dashsync` where the reason is a usual one, else its code (or message).
 */
export function describeReadError(error: unknown, nameFor: NameFor = 'file'): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return String((error as Error).message ?? error);
  const reason = fileErrorReason(code);
  return reason === undefined ? code : joinReason(describeErrorCode(code), toReadOf(reason, nameFor));
}

/** Pure: why a file could not be written, without what to do (each writer says where to write instead): `permission denied (EACCES)`. */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? String(error) : describeErrorCode(code);
}

/** `(EACCES): permission denied`, `(EIO)` where the code has no words, the message where there is no code: why, after what failed. */
export function describeCodeThenWhat(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return `(${String((error as Error).message ?? error)})`;
  const reason = fileErrorReason(code);
  return reason === undefined ? `(${code})` : `(${code}): ${reason.what}`;
}

/**
 * Pure: why a new file could not be made in a directory the caller names before it (a temp file renamed over the file, a
 * copy), with what to do there: `(EACCES): permission denied; let the user running dashsync write there`.
 */
export function describeWriteInError(error: unknown): string {
  const toDo = fileErrorReason((error as NodeJS.ErrnoException).code)?.toWriteIn;
  return toDo === undefined ? describeCodeThenWhat(error) : `${describeCodeThenWhat(error)}; ${toDo}`;
}
