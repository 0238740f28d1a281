/**
 * An incremental JSON parser over UTF-8 byte chunks, for documents too large for one JavaScript string.
 *
 * It is an explicit state machine with its own container stack, never recursion, so nesting depth is bounded by
 * `maxDepth` and not by the call stack. It builds the same value JSON.parse would: numbers through `Number()` (the
 * same correctly rounded conversion), `\uXXXX` escapes appended as UTF-16 code units (so surrogate pairs join and lone
 * surrogates survive, as in JSON.parse), duplicate keys last-wins at the first key's position, and `__proto__` as an
 * own data property rather than a prototype change.
 *
 * The caller validates UTF-8 separately (see textEncoding.ts): string bytes are decoded as Buffer#toString does,
 * which would silently substitute U+FFFD for malformed sequences.
 *
 * It is one state machine, kept in one class (longer than most modules here) so that the hot loop stays in one place.
 */
import { decodeAscii, decodeUtf8, describeByte, hexDigitValue, KeyCache, STRING_BYTE_CLASS } from './jsonBytes.js';
import { JsonSyntaxError, type JsonSyntaxErrorKind } from './jsonSyntaxError.js';

export { JsonSyntaxError, type JsonSyntaxErrorKind } from './jsonSyntaxError.js';

/**
 * Deeper documents are refused: no real plan comes near it, and the rest of the program (JSON.stringify in the
 * reporters, recursive walks) overflows the call stack somewhere between 2,000 and 10,000 levels.
 */
export const MAX_NESTING_DEPTH = 1000;

/**
 * The most one string value may hold, in bytes of input. A plan's largest strings (policies, user data)
 * are megabytes; a longer one is refused before it can exhaust memory (an endless string on stdin) or
 * pass V8's string limit (a 2 GiB value aborts the process instead of failing).
 */
export const MAX_STRING_VALUE_BYTES = 256 * 1024 * 1024;

type JsonObject = Record<string, unknown>;

// Parser states. Numeric constants rather than an enum so the hot switch compares small integers.
const EXPECT_VALUE = 0; // a value must follow: document start, after ':' or after ',' in an array
const ARRAY_FIRST = 1; // just after '[': a value or ']'
const OBJECT_FIRST = 2; // just after '{': a key or '}'
const OBJECT_KEY = 3; // after ',' in an object: a key
const COLON = 4; // after a key
const AFTER_VALUE = 5; // ',' or the closing bracket of the open container
const IN_STRING = 6;
const IN_ESCAPE = 7; // after a backslash
const IN_UNICODE = 8; // inside the four hex digits of \uXXXX
const IN_NUMBER = 9;
const IN_LITERAL = 10; // inside true / false / null
const DONE = 11; // the top-level value is complete: only whitespace may follow

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER_SYNTAX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SIMPLE_ESCAPES: Record<number, string> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};
const LITERALS: Record<number, { text: string; value: boolean | null }> = {
  116: { text: 'true', value: true },
  102: { text: 'false', value: false },
  110: { text: 'null', value: null },
};

/** One open array or object. Frames are pooled by depth, so opening a container allocates nothing here. */
interface Frame {
  isArray: boolean;
  /** The object being filled (objects only). */
  object: JsonObject;
  /** The key whose value comes next (objects only). */
  key: string;
  /** Arrays collect their elements on the shared `elements` stack from this index, so each is built at its exact size. */
  elementsStart: number;
}

function setOwnProperty(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    // A plain assignment would call the Object.prototype.__proto__ setter and change the prototype.
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

export interface StreamingJsonParserOptions {
  maxDepth?: number;
}

export class StreamingJsonParser {
  private state = EXPECT_VALUE;
  private readonly maxDepth: number;
  private readonly frames: Frame[] = [];
  private depth = 0;
  private readonly elements: unknown[] = [];
  private root: unknown = undefined;

  // Position bookkeeping for error messages: bytes consumed before the current chunk, current line and its start.
  private consumed = 0;
  private line = 1;
  private lineStart = 0;
  private sawNonWhitespace = false;

  // String in progress: decoded text so far, plus raw bytes of the current run when it crosses a chunk boundary.
  private stringIsKey = false;
  private stringIsAscii = true;
  private readonly keyCache = new KeyCache();
  private stringParts: string[] = [];
  /**
   * Parts already joined in groups: a string of millions of escapes would otherwise make one array of
   * millions of parts, past what V8 can grow an array to.
   */
  private stringDone: string[] = [];
  /** Input bytes of the string in progress, against MAX_STRING_VALUE_BYTES. */
  private stringBytes = 0;
  private stringRawRun: Buffer[] = [];
  private unicodeDigits = 0;
  private unicodeValue = 0;

  // Number in progress when it crosses a chunk boundary.
  private numberText = '';
  private numberStart = 0;

  // Literal in progress.
  private literalText = '';
  private literalIndex = 0;
  private literalValue: boolean | null = null;

  constructor(options: StreamingJsonParserOptions = {}) {
    this.maxDepth = options.maxDepth ?? MAX_NESTING_DEPTH;
  }

  /** Feeds the next chunk of UTF-8 bytes. Throws JsonSyntaxError at the first problem. */
  write(chunk: Buffer): void {
    const length = chunk.length;
    let i = 0;
    while (i < length) {
      switch (this.state) {
        case EXPECT_VALUE:
        case ARRAY_FIRST: {
          i = this.skipWhitespace(chunk, i);
          if (i === length) break;
          const byte = chunk[i];
          if (byte === 0x5d && this.state === ARRAY_FIRST) {
            i = this.closeContainer(i, true);
          } else {
            i = this.startValue(chunk, i);
          }
          break;
        }
        case OBJECT_FIRST:
        case OBJECT_KEY: {
          i = this.skipWhitespace(chunk, i);
          if (i === length) break;
          const byte = chunk[i];
          if (byte === QUOTE) {
            this.startString(true);
            i++;
          } else if (byte === 0x7d && this.state === OBJECT_FIRST) {
            i = this.closeContainer(i, false);
          } else {
            this.fail(i, `expected a double-quoted property name but found ${describeByte(byte)}`);
          }
          break;
        }
        case COLON: {
          i = this.skipWhitespace(chunk, i);
          if (i === length) break;
          if (chunk[i] !== 0x3a) this.fail(i, `expected ':' after a property name but found ${describeByte(chunk[i])}`);
          this.state = EXPECT_VALUE;
          i++;
          break;
        }
        case AFTER_VALUE: {
          i = this.skipWhitespace(chunk, i);
          if (i === length) break;
          const byte = chunk[i];
          const frame = this.frames[this.depth - 1];
          if (byte === 0x2c) {
            this.state = frame.isArray ? EXPECT_VALUE : OBJECT_KEY;
            i++;
          } else if (byte === (frame.isArray ? 0x5d : 0x7d)) {
            i = this.closeContainer(i, frame.isArray);
          } else {
            const expected = frame.isArray ? "',' or ']' after an array element" : "',' or '}' after a property value";
            this.fail(i, `expected ${expected} but found ${describeByte(byte)}`);
          }
          break;
        }
        case IN_STRING:
          i = this.continueString(chunk, i);
          break;
        case IN_ESCAPE: {
          const byte = chunk[i];
          // An escape is one character of the value: endless escapes count against the limit too.
          this.countStringBytes(2, i);
          if (byte === 0x75) {
            this.unicodeDigits = 0;
            this.unicodeValue = 0;
            this.state = IN_UNICODE;
          } else {
            const replacement = SIMPLE_ESCAPES[byte];
            if (replacement === undefined) this.fail(i, `invalid escape '\\${String.fromCharCode(byte)}' in a string`);
            this.pushStringPart(replacement);
            this.state = IN_STRING;
          }
          i++;
          break;
        }
        case IN_UNICODE: {
          const byte = chunk[i];
          const digit = hexDigitValue(byte);
          if (digit < 0) this.fail(i, `invalid \\u escape: ${describeByte(byte)} is not a hex digit`);
          this.unicodeValue = this.unicodeValue * 16 + digit;
          i++;
          if (++this.unicodeDigits === 4) {
            // Appended as a single UTF-16 code unit: a following low surrogate escape completes the pair.
            this.pushStringPart(String.fromCharCode(this.unicodeValue));
            this.state = IN_STRING;
          }
          break;
        }
        case IN_NUMBER:
          i = this.continueNumber(chunk, i);
          break;
        case IN_LITERAL: {
          const byte = chunk[i];
          if (byte !== this.literalText.charCodeAt(this.literalIndex)) {
            this.fail(i, `invalid literal: expected '${this.literalText}'`);
          }
          i++;
          if (++this.literalIndex === this.literalText.length) this.emit(this.literalValue);
          break;
        }
        case DONE: {
          i = this.skipWhitespace(chunk, i);
          if (i < length) this.fail(i, `unexpected ${describeByte(chunk[i])} after the end of the JSON value`);
          break;
        }
      }
    }
    this.consumed += length;
  }

  /** Signals the end of input and returns the parsed value. */
  end(): unknown {
    if (this.state === IN_NUMBER) this.finishNumber(this.numberText, this.numberStart);
    if (this.state === DONE) return this.root;
    if (!this.sawNonWhitespace) {
      throw new JsonSyntaxError(
        'empty',
        'no JSON value: the input holds only whitespace',
        this.line,
        this.columnAt(this.consumed),
        this.consumed,
      );
    }
    const open = this.depth === 0 ? '' : `, ${this.depth} unclosed ${this.depth === 1 ? 'bracket' : 'brackets'}`;
    const inside =
      this.state === IN_STRING || this.state === IN_ESCAPE || this.state === IN_UNICODE ? ' inside a string' : '';
    throw new JsonSyntaxError(
      'truncated',
      `truncated JSON: the input ends${inside} after ${this.consumed} bytes${open}`,
      this.line,
      this.columnAt(this.consumed),
      this.consumed,
    );
  }

  private columnAt(offset: number): number {
    return offset - this.lineStart + 1;
  }

  private fail(index: number, problem: string, kind: JsonSyntaxErrorKind = 'syntax'): never {
    const offset = this.consumed + index;
    throw new JsonSyntaxError(kind, problem, this.line, this.columnAt(offset), offset);
  }

  private skipWhitespace(chunk: Buffer, start: number): number {
    let i = start;
    const length = chunk.length;
    while (i < length) {
      const byte = chunk[i];
      if (byte === 0x20 || byte === 0x09 || byte === 0x0d) {
        i++;
      } else if (byte === 0x0a) {
        i++;
        this.line++;
        this.lineStart = this.consumed + i;
      } else {
        break;
      }
    }
    return i;
  }

  /** At the first byte of a value (whitespace already skipped). Returns the index after what it consumed. */
  private startValue(chunk: Buffer, i: number): number {
    const byte = chunk[i];
    const isFirstValue = !this.sawNonWhitespace;
    this.sawNonWhitespace = true;
    if (byte === QUOTE) {
      this.startString(false);
      return i + 1;
    }
    if (byte === 0x7b || byte === 0x5b) {
      this.openContainer(i, byte === 0x5b);
      return i + 1;
    }
    if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) {
      this.state = IN_NUMBER;
      this.numberText = '';
      this.numberStart = this.consumed + i;
      return this.continueNumber(chunk, i);
    }
    const literal = LITERALS[byte];
    if (literal !== undefined) {
      this.state = IN_LITERAL;
      this.literalText = literal.text;
      this.literalValue = literal.value;
      this.literalIndex = 1;
      return i + 1;
    }
    return this.fail(
      i,
      `unexpected ${describeByte(byte)} where a JSON value should start`,
      isFirstValue ? 'not-json' : 'syntax',
    );
  }

  private openContainer(i: number, isArray: boolean): void {
    if (this.depth >= this.maxDepth) {
      this.fail(i, `nesting too deep: more than ${this.maxDepth} levels of nested arrays and objects`, 'too-deep');
    }
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = { isArray, object: {}, key: '', elementsStart: 0 };
      this.frames[this.depth] = frame;
    }
    frame.isArray = isArray;
    if (isArray) {
      frame.elementsStart = this.elements.length;
    } else {
      frame.object = {};
    }
    this.depth++;
    this.state = isArray ? ARRAY_FIRST : OBJECT_FIRST;
  }

  private closeContainer(i: number, isArray: boolean): number {
    const frame = this.frames[--this.depth];
    let value: unknown;
    if (isArray) {
      // slice() allocates exactly the element count; growing an array by push() would leave spare capacity.
      value = this.elements.slice(frame.elementsStart);
      this.elements.length = frame.elementsStart;
    } else {
      value = frame.object;
      frame.object = {};
      frame.key = '';
    }
    this.emit(value);
    return i + 1;
  }

  private emit(value: unknown): void {
    if (this.depth === 0) {
      this.root = value;
      this.state = DONE;
      return;
    }
    const frame = this.frames[this.depth - 1];
    if (frame.isArray) this.elements.push(value);
    else setOwnProperty(frame.object, frame.key, value);
    this.state = AFTER_VALUE;
  }

  private pushStringPart(part: string): void {
    this.stringParts.push(part);
    if (this.stringParts.length >= 4096) {
      this.stringDone.push(this.stringParts.join(''));
      this.stringParts.length = 0;
    }
  }

  private countStringBytes(n: number, index: number): void {
    this.stringBytes += n;
    if (this.stringBytes > MAX_STRING_VALUE_BYTES)
      this.fail(
        index,
        `a string value longer than ${MAX_STRING_VALUE_BYTES / 1024 / 1024} MiB (the most one value may hold)`,
        'too-large',
      );
  }

  private startString(isKey: boolean): void {
    this.stringBytes = 0;
    this.state = IN_STRING;
    this.stringIsKey = isKey;
    this.stringIsAscii = true;
    // stringParts and stringRawRun are emptied whenever they are consumed, so they are empty here.
  }

  /** Scans string content; returns the index after what it consumed. */
  private continueString(chunk: Buffer, start: number): number {
    const length = chunk.length;
    let i = start;
    let byte = 0;
    while (i < length) {
      byte = chunk[i];
      const byteClass = STRING_BYTE_CLASS[byte];
      if (byteClass === 1) break;
      if (byteClass === 2) this.stringIsAscii = false;
      i++;
    }
    this.countStringBytes(i - start, i);
    if (i === length) {
      // The run continues in the next chunk, possibly mid-character: keep its raw bytes and decode it whole later.
      if (i > start) this.stringRawRun.push(chunk.subarray(start, i));
      return i;
    }
    if (byte < 0x20) {
      const name = byte === 0x0a ? 'a line break' : `control character 0x${byte.toString(16).padStart(2, '0')}`;
      this.fail(i, `${name} inside a string (it must be escaped)`);
    }
    if (
      byte === QUOTE &&
      this.stringIsKey &&
      this.stringIsAscii &&
      this.stringParts.length === 0 &&
      this.stringDone.length === 0 &&
      this.stringRawRun.length === 0
    ) {
      this.frames[this.depth - 1].key = this.keyCache.lookup(chunk, start, i);
      this.state = COLON;
      return i + 1;
    }
    const run = this.takeRun(chunk, start, i);
    if (byte === BACKSLASH) {
      if (run !== '') this.pushStringPart(run);
      this.state = IN_ESCAPE;
      return i + 1;
    }
    let text: string;
    if (this.stringParts.length === 0 && this.stringDone.length === 0) {
      text = run;
    } else {
      if (run !== '') this.stringParts.push(run);
      // join() yields one flat string, as JSON.parse does, rather than a tree of concatenations.
      this.stringDone.push(this.stringParts.join(''));
      text = this.stringDone.length === 1 ? this.stringDone[0] : this.stringDone.join('');
      this.stringParts.length = 0;
      this.stringDone.length = 0;
    }
    if (this.stringIsKey) {
      this.frames[this.depth - 1].key = text;
      this.state = COLON;
    } else {
      this.emit(text);
    }
    return i + 1;
  }

  /** Decodes the current run of plain string bytes, joining any part carried over from earlier chunks. */
  private takeRun(chunk: Buffer, start: number, end: number): string {
    if (this.stringRawRun.length === 0) {
      return this.stringIsAscii ? decodeAscii(chunk, start, end) : decodeUtf8(chunk, start, end);
    }
    this.stringRawRun.push(chunk.subarray(start, end));
    const joined = Buffer.concat(this.stringRawRun);
    this.stringRawRun.length = 0;
    return joined.toString('utf8');
  }

  private continueNumber(chunk: Buffer, start: number): number {
    const length = chunk.length;
    let i = start;
    while (i < length) {
      const byte = chunk[i];
      // Digits, '-', '+', '.', 'e', 'E': the longest run that could be a number; its syntax is checked whole.
      if (
        (byte >= 0x30 && byte <= 0x39) ||
        byte === 0x2d ||
        byte === 0x2b ||
        byte === 0x2e ||
        byte === 0x65 ||
        byte === 0x45
      ) {
        i++;
      } else {
        break;
      }
    }
    const piece = decodeAscii(chunk, start, i);
    if (i === length) {
      this.numberText += piece;
      return i;
    }
    this.finishNumber(this.numberText + piece, this.numberStart);
    return i;
  }

  private finishNumber(text: string, startOffset: number): void {
    this.numberText = '';
    if (!NUMBER_SYNTAX.test(text)) {
      // Point at the number's first byte: it may have begun in an earlier chunk, so compute from the offset.
      throw new JsonSyntaxError(
        'syntax',
        `invalid number '${text.slice(0, 40)}'`,
        this.line,
        this.columnAt(startOffset),
        startOffset,
      );
    }
    this.emit(Number(text));
  }
}
