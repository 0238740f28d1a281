/**
 * Problems found while reading an input, before the code that found them knows the input's label. readJson.ts turns
 * each into the InputError the CLI prints.
 */
import { MAX_NESTING_DEPTH } from './streamingJsonParser.js';

/** The input holds no bytes at all. */
export class EmptyInputError extends Error {
  constructor() {
    super('empty input');
    this.name = 'EmptyInputError';
  }
}

/** A problem whose message is already the one-line text to show the user. */
export class InputProblem extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'InputProblem';
  }
}

export function nestingTooDeep(limit: number = MAX_NESTING_DEPTH): InputProblem {
  return new InputProblem(`nesting too deep: more than ${limit} levels of nested arrays and objects`);
}

/** A ZIP archive: `terraform plan -out` writes one, and people pass it instead of `terraform show -json` output. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function startsWithZipMagic(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, index) => bytes[index] === byte);
}

export function binaryPlanProblem(): InputProblem {
  return new InputProblem(
    'this is a binary Terraform plan file, not JSON: convert it with terraform show -json PLANFILE > plan.json',
  );
}

/**
 * The default input limit. Plans of several hundred MB are real and supported (streamed past ~512 MB); 2 GiB leaves
 * room for them, while an endless pipe is stopped before parsing it (about three times the input in memory) exhausts
 * a common 8 GB CI runner.
 */
export const DEFAULT_MAX_INPUT_BYTES = 2 * 1024 * 1024 * 1024;

/** The error for an input past the limit, naming the limit and the flag that raises it. */
export function inputTooLarge(maxBytes: number): InputProblem {
  return new InputProblem(
    `larger than the input limit of ${formatMiB(maxBytes)} MiB; --max-input-size <MiB> raises it for a plan this large`,
  );
}

function formatMiB(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return Number.isInteger(mib) ? String(mib) : mib.toFixed(2);
}
