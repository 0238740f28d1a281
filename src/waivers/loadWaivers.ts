/**
 * The `--waivers FILE` loader: JSON, validated against schemas/waivers.schema.json. Anything wrong is an
 * InputError naming the file and the first problem (with the waiver's index), never a stack trace.
 */
import { readFileSync } from 'node:fs';
import type { Waiver } from '../config/config.js';
import { InputError } from '../input/inputError.js';
import { compileSchema, loadSchema } from '../schemaValidation.js';

/** A real calendar date: the schema's pattern lets `2026-02-30` through. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Validate a decoded waivers document (array or `{ waivers: [...] }`); `file` names it in errors. */
export function parseWaivers(raw: unknown, file: string): Waiver[] {
  const validate = compileSchema(loadSchema('waivers.schema.json'));
  if (!validate(raw)) {
    // oneOf reports both branches; the error from the branch matching the document's shape is the useful one.
    const errors = validate.errors ?? [];
    const branch = Array.isArray(raw) ? '/oneOf/0' : '/oneOf/1';
    const err = errors.find((e) => e.schemaPath.includes(branch) || !e.schemaPath.includes('/oneOf/')) ?? errors[0];
    const where = err?.instancePath ? err.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    const detail =
      err?.keyword === 'additionalProperties'
        ? `unknown key "${String((err.params as { additionalProperty?: string }).additionalProperty)}"`
        : err?.keyword === 'oneOf' || err?.keyword === 'type'
          ? 'expected an array of waivers or an object with a "waivers" array'
          : (err?.message ?? 'invalid');
    throw new InputError(file, `invalid waivers at ${where}: ${detail}`);
  }
  const list = (Array.isArray(raw) ? raw : (raw as { waivers: Waiver[] }).waivers) as Waiver[];
  list.forEach((w, i) => {
    if (!isCalendarDate(w.expires))
      throw new InputError(file, `invalid waivers at ${i}.expires: "${w.expires}" is not a calendar date`);
  });
  return list.map((w) => ({
    ruleId: w.ruleId,
    resource: w.resource,
    reason: w.reason,
    owner: w.owner,
    expires: w.expires,
  }));
}

export function loadWaivers(file: string): Waiver[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(file, `not valid JSON: ${(err as Error).message}`);
  }
  return parseWaivers(raw, file);
}
