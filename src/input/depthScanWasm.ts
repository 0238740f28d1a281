/**
 * The hashing worker's nesting-depth scan as a WebAssembly module using 128-bit SIMD: 16 bytes are compared with the
 * four byte classes that matter at once (quote, backslash, `[`/`{`, `]`/`}`), and only those found are visited one by
 * one. On a 245 MB plan it takes about 100 ms where the byte-by-byte JavaScript loop takes 280-390 ms, all of it CPU on
 * the second core. The module is small enough to be assembled here from its instructions, so the package ships no
 * binary and needs no WebAssembly toolchain; where WebAssembly or its SIMD is unavailable, the worker keeps the
 * JavaScript loop (fileDigest.ts).
 *
 * The module imports its memory (`env.memory`): the worker reads each chunk of the file to offset 0 and calls
 * `scan(length)`, which returns the deepest nesting so far. The bytes after `length`, up to the next multiple of 16,
 * must be zero (zero is none of the classes). String, escape and depth state carry from one call to the next in
 * globals, so a chunk may end anywhere, even between a backslash and the byte it escapes.
 */

/** Unsigned and signed LEB128, the encoding of every integer in a module. */
function unsigned(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return out;
}

function signed(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
    out.push(done ? low : low | 0x80);
    if (done) return out;
  }
}

const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...unsigned(body.length), ...body];
const name = (text: string): number[] => vector([...text].map((c) => [c.charCodeAt(0)]));

const I32 = 0x7f;
const V128 = 0x7b;
const VOID = 0x40;
const [BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, SELECT] = [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x1b];
const [LOCAL_GET, LOCAL_SET, GLOBAL_GET, GLOBAL_SET] = [0x20, 0x21, 0x23, 0x24];
const [I32_LOAD8_U, I32_CONST, I32_EQZ, I32_EQ, I32_GT_S, I32_GE_U] = [0x2d, 0x41, 0x45, 0x46, 0x4a, 0x4f];
const [I32_CTZ, I32_ADD, I32_SUB, I32_AND, I32_OR] = [0x68, 0x6a, 0x6b, 0x71, 0x72];
const simd = (code: number): number[] => [0xfd, ...unsigned(code)];
const V128_LOAD = [...simd(0), 0, 0]; // alignment 2^0, offset 0
const [I8X16_SPLAT, I8X16_EQ, V128_OR, I8X16_BITMASK] = [simd(15), simd(35), simd(80), simd(100)];

/** Locals of `scan`: the parameter, then the i32 and v128 ones declared in `LOCALS`. */
const Local = {
  Length: 0,
  Base: 1,
  Bits: 2,
  At: 3,
  Byte: 4,
  Skip: 5,
  Depth: 6,
  Max: 7,
  InString: 8,
  Block: 9,
  Quote: 10,
  Backslash: 11,
  Open: 12,
  Close: 13,
  Case: 14,
} as const;
type Local = (typeof Local)[keyof typeof Local];
const LOCALS = vector([
  [...unsigned(8), I32],
  [...unsigned(6), V128],
]);
/** Globals carrying the state between calls, in this order: skip (0 or 1 at a call's start), depth, max, inString. */
const STATE: readonly Local[] = [Local.Skip, Local.Depth, Local.Max, Local.InString];

const get = (local: Local): number[] => [LOCAL_GET, local];
const set = (local: Local): number[] => [LOCAL_SET, local];
const i32 = (value: number): number[] => [I32_CONST, ...signed(value)];
const splat = (byte: number): number[] => [...i32(byte), ...I8X16_SPLAT];
const isByte = (byte: number): number[] => [...get(Local.Byte), ...i32(byte), I32_EQ];
/** `(Byte | 0x20) == target`: 0x20 folds `[` onto `{` and `]` onto `}`, and no other byte onto either. */
const foldsTo = (target: number): number[] => [...get(Local.Byte), ...i32(0x20), I32_OR, ...i32(target), I32_EQ];

// The instruction listings below are laid out one statement per line, indented by block, as a reader of the
// text format would expect; the formatter would put every operand on a line of its own.

/** One byte found by the block compare, at `At`: escapes, strings and depth, as the JavaScript loop does. */
// biome-ignore format: an instruction listing
const visitByte = [
  ...get(Local.At), ...get(Local.Skip), I32_GE_U, IF, VOID, // the byte after a backslash in a string is skipped
    ...get(Local.At), I32_LOAD8_U, 0, 0, ...set(Local.Byte),
    ...get(Local.InString), IF, VOID,
      ...isByte(0x5c), IF, VOID,
        ...get(Local.At), ...i32(2), I32_ADD, ...set(Local.Skip),
      ELSE,
        ...isByte(0x22), IF, VOID, ...i32(0), ...set(Local.InString), END,
      END,
    ELSE,
      ...isByte(0x22), IF, VOID,
        ...i32(1), ...set(Local.InString),
      ELSE,
        ...foldsTo(0x7b), IF, VOID,
          ...get(Local.Depth), ...i32(1), I32_ADD, ...set(Local.Depth),
          ...get(Local.Depth), ...get(Local.Max), ...get(Local.Depth), ...get(Local.Max), I32_GT_S, SELECT,
          ...set(Local.Max),
        ELSE,
          ...foldsTo(0x7d), IF, VOID,
            ...get(Local.Depth), ...i32(1), I32_SUB, ...set(Local.Depth),
          END,
        END,
      END,
    END,
  END,
];

/** The 16-byte block at `Base` compared with the four classes: a mask with one bit per byte found. */
// biome-ignore format: an instruction listing
const blockMask = [
  ...get(Local.Base), ...V128_LOAD, ...set(Local.Block),
  ...get(Local.Block), ...get(Local.Quote), ...I8X16_EQ,
  ...get(Local.Block), ...get(Local.Backslash), ...I8X16_EQ, ...V128_OR,
  ...get(Local.Block), ...get(Local.Case), ...V128_OR, ...get(Local.Open), ...I8X16_EQ, ...V128_OR,
  ...get(Local.Block), ...get(Local.Case), ...V128_OR, ...get(Local.Close), ...I8X16_EQ, ...V128_OR,
  ...I8X16_BITMASK, ...set(Local.Bits),
];

/** `Skip - Length` when positive (a backslash on a chunk's last byte leaves 1), else 0: where the next call starts. */
// biome-ignore format: an instruction listing
const carriedSkip = [
  ...get(Local.Skip), ...get(Local.Length), I32_SUB,
  ...i32(0),
  ...get(Local.Skip), ...get(Local.Length), I32_SUB, ...i32(0), I32_GT_S,
  SELECT,
];

// biome-ignore format: an instruction listing
const scanBody = [
  ...STATE.flatMap((local, index) => [GLOBAL_GET, index, ...set(local)]),
  ...splat(0x22), ...set(Local.Quote),
  ...splat(0x5c), ...set(Local.Backslash),
  ...splat(0x7b), ...set(Local.Open),
  ...splat(0x7d), ...set(Local.Close),
  ...splat(0x20), ...set(Local.Case),
  BLOCK, VOID, LOOP, VOID, // each block of 16 bytes
    ...get(Local.Base), ...get(Local.Length), I32_GE_U, BR_IF, 1,
    ...blockMask,
    BLOCK, VOID, LOOP, VOID, // each bit of the mask, lowest first
      ...get(Local.Bits), I32_EQZ, BR_IF, 1,
      ...get(Local.Base), ...get(Local.Bits), I32_CTZ, I32_ADD, ...set(Local.At),
      ...get(Local.Bits), ...get(Local.Bits), ...i32(1), I32_SUB, I32_AND, ...set(Local.Bits),
      ...visitByte,
      BR, 0,
    END, END,
    ...get(Local.Base), ...i32(16), I32_ADD, ...set(Local.Base),
    BR, 0,
  END, END,
  ...carriedSkip, GLOBAL_SET, 0,
  ...STATE.slice(1).flatMap((local, index) => [...get(local), GLOBAL_SET, index + 1]),
  ...get(Local.Max),
  END,
];

/** The module's bytes; `pages` (64 KiB each) is the least memory the importer must give. */
export function depthScanModule(pages: number): Uint8Array<ArrayBuffer> {
  const code = [...LOCALS, ...scanBody];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector([[0x60, ...vector([[I32]]), ...vector([[I32]])]])), // type 0: (i32) -> i32
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, ...unsigned(pages)]])),
    ...section(3, vector([unsigned(0)])), // function 0 has type 0
    ...section(6, vector(STATE.map(() => [I32, 0x01, ...i32(0), END]))), // mutable i32 globals, 0
    ...section(7, vector([[...name('scan'), 0x00, 0]])),
    ...section(10, vector([[...unsigned(code.length), ...code]])),
  ]);
}

/** Bytes the worker reads at most per call, plus the zeroed tail a block may run into. */
export function depthScanPages(chunkBytes: number): number {
  return Math.ceil((chunkBytes + 16) / 65536);
}
