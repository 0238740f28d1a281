/**
 * How reports reach the disk or stdout without destroying anything:
 * - a file is written to a temporary file in the same directory, flushed, then renamed over the
 *   destination, so a failure midway (full disk, `ulimit -f`) leaves the previous report intact;
 * - a destination that is the same file (device and inode) as one of the inputs (plan, config or waivers, hard
 *   links included), is refused before anything is written;
 * - inside `--output-dir` a name that is a symbolic link is refused: a link planted there must not
 *   carry evidence (or its creation) outside the directory;
 * - stdout is written synchronously and a write error (closed pipe, full disk) is one line, exit 2;
 * - an `--output` that is not a regular file (`/dev/null`, a named pipe, a terminal) is written into as it is:
 *   renaming a file over it would replace the device itself, and with it every other program's `/dev/null`.
 * Content comes as an iterable of pieces, so a report larger than one string can be written.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../input/inputError.js';

export type Pieces = Iterable<string | Buffer>;

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** Device and inode of an existing file (through symlinks), or undefined when there is none. */
function identity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Refuses an output path that names (through a symlink or hard link too) one of the inputs. Inputs
 * that cannot be stat'ed (stdin `-`, not yet read) are skipped: nothing of theirs can be overwritten.
 */
export function refuseInputs(output: string, inputs: ReadonlyArray<{ flag: string; path: string | undefined }>): void {
  if (output === '') throw new InputError('--output', 'an empty path names no file');
  const out = identity(output);
  if (out === undefined) return;
  for (const input of inputs) {
    if (!input.path || input.path === '-') continue;
    if (identity(input.path) === out)
      throw new InputError(output, `output would overwrite an input file (${input.flag} ${input.path})`);
  }
}

/**
 * String pieces are encoded straight into one buffer and written a buffer at a time: a report arrives as many small
 * pieces (one per finding), and joining them into strings first cost a copy of the whole report and its collection.
 * Only when no `onBytes` is watching is the buffer reused: it is handed each batch and may keep it, so it gets bytes
 * of its own.
 */
const BATCH_BYTES = 256 * 1024;
let scratch: Buffer | undefined;

/** Three bytes at most per UTF-16 code unit: the most bytes `piece` can take in UTF-8. */
function utf8Bound(piece: string): number {
  return piece.length * 3;
}

/** Every piece to `fd`; EAGAIN (stdout as a non-blocking pipe with a slow reader) is waited out. */
function writePieces(fd: number, pieces: Pieces, onBytes?: (chunk: Buffer) => void): void {
  const kept = onBytes !== undefined;
  const emit = (data: Buffer): void => {
    onBytes?.(data);
    let offset = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(fd, data, offset);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
    }
  };
  // Taken out of the shared slot while in use: a piece generator that itself wrote a file must not write into it.
  let batch: Buffer | undefined;
  if (!kept) [batch, scratch] = [scratch, undefined];
  let used = 0;
  const flush = (): void => {
    if (batch !== undefined && used > 0) emit(batch.subarray(0, used));
    if (kept) batch = undefined;
    used = 0;
  };
  // A lone string is one piece, not an iterable of characters.
  for (const piece of typeof pieces === 'string' ? [pieces] : pieces) {
    if (typeof piece !== 'string' || utf8Bound(piece) > BATCH_BYTES) {
      flush();
      emit(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);
      continue;
    }
    if (used + utf8Bound(piece) > BATCH_BYTES) flush();
    batch ??= Buffer.allocUnsafe(BATCH_BYTES);
    used += batch.write(piece, used, 'utf8');
  }
  flush();
  if (!kept) scratch = batch;
}

/** The reader went away (`| head`): what it read is what it asked for, so the scan ends quietly. */
export function isClosedPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/**
 * The report to stdout; a full disk or other write error is an InputError (exit 2), never a stack trace.
 * A closed pipe (`| head`) is passed on as it is: the reader took what it wanted, and the scan ends quietly.
 */
export function writeStdout(pieces: Pieces): void {
  try {
    writePieces(1, pieces);
  } catch (err) {
    if (isClosedPipe(err)) throw err;
    throw new InputError('<stdout>', `cannot write (${code(err)})`);
  }
}

/**
 * Writes `pieces` to a fresh temporary file beside `dest` (O_EXCL: never an existing file or link),
 * flushes it and renames it over `dest`. An existing destination keeps its permission bits.
 * `onBytes` sees every byte written (the evidence manifest hashes outputs that way).
 */
function replaceAtomically(dest: string, pieces: Pieces, onBytes?: (chunk: Buffer) => void): void {
  const dir = dirname(dest);
  const temp = join(dir, `.${basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o666);
  } catch (err) {
    throw new InputError(dest, `cannot write (${code(err)})`);
  }
  try {
    try {
      const previous = statSync(dest);
      if (previous.isFile()) fchmodSync(fd, previous.mode & 0o7777);
    } catch {
      // no previous file: the umask decides, as for any new file
    }
    writePieces(fd, pieces, onBytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(temp, dest);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    if (err instanceof InputError) throw err;
    throw new InputError(dest, `cannot write (${code(err)})`);
  }
}

/** Writes `pieces` into an existing device or pipe, which has nothing to keep and cannot be replaced. */
function writeInto(dest: string, pieces: Pieces): void {
  let fd: number;
  try {
    fd = openSync(dest, constants.O_WRONLY);
  } catch (err) {
    throw new InputError(dest, `cannot write (${code(err)})`);
  }
  try {
    writePieces(fd, pieces);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(dest, `cannot write (${code(err)})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * `--output FILE`. A symlink given as the output is followed (the file it names is replaced, as most
 * tools do), but the replacement is atomic. A directory is refused; a device or pipe is written into.
 */
export function writeOutputFile(output: string, pieces: Pieces): void {
  if (output === '') throw new InputError('--output', 'an empty path names no file');
  let dest = output;
  try {
    dest = realpathSync(output);
    const st = statSync(dest);
    if (st.isDirectory()) throw new InputError(output, 'is a directory');
    if (!st.isFile()) {
      writeInto(dest, pieces);
      return;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    // does not exist yet (or a dangling link, refused below by O_EXCL on the temp and the check here)
    try {
      if (lstatSync(output).isSymbolicLink()) throw new InputError(output, 'is a symbolic link to nothing');
    } catch (e) {
      if (e instanceof InputError) throw e;
    }
  }
  replaceAtomically(dest, pieces);
}

/**
 * One file of an evidence package, `name` a plain file name. A symbolic link of that name in `dir` is
 * refused (dangling or not): the rename would not follow it, but a planted link says someone expects
 * us to write elsewhere. `onBytes` sees every byte written.
 */
export function writeInDirectory(dir: string, name: string, pieces: Pieces, onBytes?: (chunk: Buffer) => void): void {
  const dest = join(dir, name);
  try {
    if (lstatSync(dest).isSymbolicLink())
      throw new InputError(dest, 'is a symbolic link; refusing to write evidence through it');
  } catch (err) {
    if (err instanceof InputError) throw err;
  }
  replaceAtomically(dest, pieces, onBytes);
}
