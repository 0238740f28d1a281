/**
 * Reads a findings document member by member, and its `findings` one element at a time, from chunks of bytes: a
 * 200k-resource baseline is ~0.5 GB of text (near V8's string limit) and over 1 GB as objects, while the baseline
 * keeps six fields of its non-passing findings. Neither the text nor the parse tree is ever held whole, so reading
 * the baseline adds to a scan's peak memory only what it keeps.
 *
 * The scanner only finds where the top-level members and the findings begin and end (tracking strings and nesting);
 * each piece is then parsed by JSON.parse, which checks its syntax. `inventory` (the model a `--with-inventory` scan
 * carries, larger than the findings) is skipped unparsed: a baseline never reads it.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** What the current top-level member is: parsed whole, its findings one by one, or skipped. */
const MEMBER = 0;
const FINDINGS_PENDING = 1; // the key was "findings": its array is next
const FINDINGS = 2; // inside the findings array
const SKIPPED = 3;

const SKIPPED_MEMBERS = new Set(['inventory']);

export interface FindingsDocument {
  /** The top-level members other than `findings` and the skipped ones, parsed. */
  members: Record<string, unknown>;
  /** Whether there was a `findings` array (its elements went to `onFinding`). */
  hasFindings: boolean;
}

/** The top-level value is not an object: not a findings document (read no further). */
export class NotFindingsDocumentError extends Error {}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Reads `file`, calling `onFinding` with each element of a `findings` array in order. Throws SyntaxError for
 * malformed JSON (or a document that ends early), NotFindingsDocumentError when it does not start with an object.
 */
export function readFindingsDocument(
  file: string,
  onFinding: (finding: unknown, index: number) => void,
  chunkBytes = 1024 * 1024,
): FindingsDocument {
  const members: Record<string, unknown> = {};
  let hasFindings = false;
  let membersSeen = 0;
  let findingIndex = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let finished = false;
  let mode = MEMBER;
  let keyRead = false;
  // The bytes of the piece being read (a member, or one finding), as slices of the chunks they came in.
  let parts: Buffer[] = [];

  const take = (): string => {
    const joined = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    parts = [];
    return joined.toString('utf8');
  };
  const endMember = (closing: boolean): void => {
    const member = mode === MEMBER ? take() : undefined;
    if (member !== undefined && member.trim() === '') {
      // Nothing between two separators is a syntax error, except in the empty object `{}`.
      if (!(closing && membersSeen === 0)) throw new SyntaxError('a member is missing');
    } else if (member !== undefined) {
      // Defined, not assigned: a member named `__proto__` stays a plain member.
      for (const [name, value] of Object.entries(JSON.parse(`{${member}}`) as Record<string, unknown>))
        Object.defineProperty(members, name, { value, enumerable: true, writable: true, configurable: true });
    }
    membersSeen++;
    parts = [];
    mode = MEMBER;
    keyRead = false;
  };
  const endFinding = (closing: boolean): void => {
    const finding = take();
    if (closing && findingIndex === 0 && finding.trim() === '') return; // `[]`
    onFinding(JSON.parse(finding), findingIndex++);
  };

  const fd = openSync(file, 'r');
  try {
    for (;;) {
      // A fresh buffer per chunk: the slices of a piece that spans chunks are kept until the piece ends.
      const chunk = Buffer.allocUnsafe(chunkBytes);
      const read = readSync(fd, chunk, 0, chunkBytes, null);
      if (read === 0) break;
      let from = 0; // start of this chunk's bytes of the piece being read
      for (let i = 0; i < read; i++) {
        const byte = chunk[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (!started || finished) {
          if (isWhitespace(byte)) continue;
          if (finished) throw new SyntaxError('unexpected text after the document');
          if (byte !== OPEN_OBJECT) throw new NotFindingsDocumentError();
          started = true;
          depth = 1;
          from = i + 1;
          continue;
        }
        if (mode === FINDINGS_PENDING && !isWhitespace(byte)) {
          if (byte === OPEN_ARRAY) {
            depth++;
            mode = FINDINGS;
            hasFindings = true;
            parts = [];
            from = i + 1;
            continue;
          }
          // Not an array: parsed like every other member (or refused as JSON), and the document is no findings document.
          mode = MEMBER;
        }
        switch (byte) {
          case QUOTE:
            inString = true;
            break;
          case OPEN_OBJECT:
          case OPEN_ARRAY:
            depth++;
            break;
          case CLOSE_OBJECT:
          case CLOSE_ARRAY:
            depth--;
            if (mode === FINDINGS && depth === 1) {
              if (byte !== CLOSE_ARRAY) throw new SyntaxError('unbalanced brackets');
              parts.push(chunk.subarray(from, i));
              endFinding(true);
              mode = SKIPPED; // what is left of the member is its separator
            } else if (depth === 0) {
              if (byte !== CLOSE_OBJECT) throw new SyntaxError('unbalanced brackets');
              if (mode === MEMBER) parts.push(chunk.subarray(from, i));
              endMember(true);
              finished = true;
            }
            break;
          case COMMA:
            if (depth === 1) {
              if (mode === MEMBER) parts.push(chunk.subarray(from, i));
              endMember(false);
              from = i + 1;
            } else if (depth === 2 && mode === FINDINGS) {
              parts.push(chunk.subarray(from, i));
              endFinding(false);
              from = i + 1;
            }
            break;
          case COLON:
            if (depth === 1 && mode === MEMBER && !keyRead) {
              keyRead = true;
              parts.push(chunk.subarray(from, i));
              from = i;
              const key: unknown = JSON.parse(Buffer.concat(parts).toString('utf8'));
              if (typeof key !== 'string') throw new SyntaxError('a member name is not a string');
              // The key stays in `parts`: `"key": value` is parsed as one object.
              if (key === 'findings') mode = FINDINGS_PENDING;
              else if (SKIPPED_MEMBERS.has(key)) {
                mode = SKIPPED;
                parts = [];
              }
            }
            break;
        }
      }
      if (!finished && mode !== SKIPPED) parts.push(chunk.subarray(from, read));
    }
  } finally {
    closeSync(fd);
  }
  if (!finished) throw new SyntaxError(started ? 'the document ends early' : 'no JSON value');
  return { members, hasFindings };
}
