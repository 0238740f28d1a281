/**
 * The configuration file (DESIGN §3): its keys are a contract, validated against the schema shipped
 * in the package. A bad config is an input error naming the file and the field.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Profile, Severity } from '../engine/vocabulary.js';
import { InputError } from '../input/inputError.js';
import { compileSchema, loadSchema } from '../schemaValidation.js';

export interface Waiver {
  ruleId: string;
  resource: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface AuditConfig {
  profile: Profile;
  allowedRegions: string[];
  requiredEndpoints: string[];
  minRetentionYears: number;
  maxSessionSeconds: number;
  keyPolicyWarnBytes: number;
  allowedModelArns: string[];
  trustedAccounts: string[];
  boundaryVpcs: string[];
  auditBuckets: Array<{ name: string; account?: string }>;
  waivers: Waiver[];
  workloadAccount?: string;
  maxRotationDays: number;
  providedElsewhere: Record<string, string>;
  severityOverrides: Record<string, Severity>;
}

/** DEP-001's default list: what a Bedrock workload calls at runtime. */
export const DEFAULT_REQUIRED_ENDPOINTS: readonly string[] = [
  'bedrock-runtime',
  'bedrock-agent-runtime',
  'bedrock',
  'bedrock-agent',
  'kms',
  'secretsmanager',
  'logs',
  'monitoring',
  'sts',
  's3',
];

export function defaultConfig(): AuditConfig {
  return {
    profile: 'regulated',
    allowedRegions: [],
    requiredEndpoints: [...DEFAULT_REQUIRED_ENDPOINTS],
    minRetentionYears: 7,
    maxSessionSeconds: 3600,
    keyPolicyWarnBytes: 8192,
    allowedModelArns: [],
    trustedAccounts: [],
    boundaryVpcs: [],
    auditBuckets: [],
    waivers: [],
    maxRotationDays: 365,
    providedElsewhere: {},
    severityOverrides: {},
  };
}

export const CONFIG_FILE_NAME = 'airgap-audit.config.json';

/** Validate a decoded config object; throws InputError naming `file` and the bad field. */
export function parseConfig(raw: unknown, file: string): AuditConfig {
  const validate = compileSchema(loadSchema('config.schema.json'));
  if (!validate(raw)) {
    const err = validate.errors?.[0];
    const field = err?.instancePath ? err.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    const detail =
      err?.keyword === 'additionalProperties'
        ? `unknown key "${String((err.params as { additionalProperty?: string }).additionalProperty)}"`
        : (err?.message ?? 'invalid');
    throw new InputError(file, `invalid config at ${field}: ${detail}`);
  }
  // `$schema` is for editors (airgap-audit init writes it); it is not a setting.
  const settings = Object.fromEntries(Object.entries(raw as object).filter(([key]) => key !== '$schema'));
  return { ...defaultConfig(), ...(settings as Partial<AuditConfig>) };
}

/** Load `--config FILE`, or `airgap-audit.config.json` in the working directory when present. */
export function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): AuditConfig {
  const path = explicitPath ?? resolvePath(cwd, CONFIG_FILE_NAME);
  if (!explicitPath) {
    try {
      statSync(path);
    } catch {
      return defaultConfig();
    }
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      path,
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(path, `not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(raw, path);
}
