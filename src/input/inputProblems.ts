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
