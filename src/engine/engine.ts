/**
 * The engine: runs the selected rules over an inventory and turns their results into findings
 * (rule id, severity, fingerprint, controls). Free of I/O: the CLI reads files, the engine judges.
 */
import { maskUrlCredentials, maskUrlCredentialsDeep } from '../analysis/moduleSource.js';
import { hash } from 'node:crypto';
import { type Inventory, ofKind } from '../model/inventory.js';
import type { AuditConfig } from '../config/config.js';
import { addressMatches } from './glob.js';
import { fieldValue, isSettled, type Unsettled } from '../model/values.js';
import { redactorFor } from './redaction.js';
import { gapReason, notAssessed, reasonFor, scopeResource } from './ruleKit.js';
import type { ControlRef, Evidence, Finding, Profile, ResourceRef, Rule, RuleResult } from './types.js';

export interface RunOptions {
  config: AuditConfig;
  profile: Profile;
  /** Only these rules (`--rule`); they run even outside the profile. */
  only?: readonly string[];
  skip?: readonly string[];
  /** `--resource ADDRESS`: exact address, a module prefix, or a glob. */
  resource?: string;
  controlsFor?: (ruleId: string) => ControlRef[];
  /** The address fingerprints are computed from (the pre-`moved` one; see baseline/moves.ts). */
  fingerprintAddress?: (address: string) => string;
}

export function selectRules(rules: readonly Rule[], options: Pick<RunOptions, 'profile' | 'only' | 'skip'>): Rule[] {
  return rules.filter((r) => {
    if (options.skip?.includes(r.meta.id)) return false;
    if (options.only && options.only.length > 0) return options.only.includes(r.meta.id);
    return r.meta.profiles.includes(options.profile);
  });
}

/**
 * The one fingerprint function: rule, input, address and result key. A baseline and SARIF's partialFingerprints both
 * key on it. The input is part of it only when a scan reads several, so that the same address in two stacks gives two
 * findings; with one input it is left out, so a plan written to another path (a CI workspace, a renamed artifact) keeps
 * every fingerprint its baseline holds.
 */
export function fingerprintOf(ruleId: string, address: string, key?: string, input?: string): string {
  // The one-shot hash: a Hash object per finding cost several times the digest itself.
  return hash('sha256', `${ruleId}\u0000${input ?? ''}\u0000${address}\u0000${key ?? ''}`, 'hex').slice(0, 32);
}

/**
 * Collection gaps (live AccessDenied, regions not enabled, services left out) make a rule not-assessed where it
 * could not see.
 */
function gapResults(inventory: Inventory, rule: Rule): RuleResult[] {
  const out: RuleResult[] = [];
  for (const gap of inventory.gaps) {
    if (!gap.kinds.some((k) => rule.meta.reads.includes(k))) continue;
    // A scan of several accounts says which one could not be read, and keeps their gaps apart.
    const account = inventory.accounts.length > 1 ? gap.account : undefined;
    const where = `${account ? ` in account ${account}` : ''}${gap.region ? ` in ${gap.region}` : ''}`;
    const skipped = gap.reason === 'not-collected';
    out.push(
      notAssessed(scopeResource(inventory, gap.region, account), gapReason(gap), {
        message: skipped
          ? `${gap.call} not collected${where}: ${gap.detail}`
          : `${gap.call} failed (${gap.reason}${where}): ${gap.detail}`,
        evidence: [
          {
            path: gap.kinds.join(','),
            observed: gap.detail,
            expected: skipped ? `${gap.call} read by the scan` : `permission for ${gap.call}`,
            source: gap.call,
          },
        ],
        key: `gap:${gap.call}:${gap.region ?? ''}${account ? `:${account}` : ''}`,
      }),
    );
  }
  return out;
}

const ABSENCE_TYPES = new Set(['aws_account', 'aws_account_region']);

/**
 * A pass about a key that may not be the customer's at all (live: its aliases and description were both
 * unread, so it may be an AWS managed key) judges something the audit does not know it should: whatever
 * the rule, that result is not-assessed naming the call. Decided here once, not in each rule that reads keys.
 * The keys concerned are found once per scan (nearly always none), not looked up for every pass.
 */
function keysOfUnknownOwner(inventory: Inventory): Map<string, Unsettled> {
  const out = new Map<string, Unsettled>();
  for (const key of ofKind(inventory, 'KmsKey')) {
    if (inventory.byAddress.get(key.meta.address) !== key) continue;
    const managed = fieldValue(key, 'customerManaged');
    if (!isSettled(managed)) out.set(key.meta.address, managed);
  }
  return out;
}

function ownerUnread(unknownOwner: ReadonlyMap<string, Unsettled>, r: RuleResult): RuleResult {
  if (r.status !== 'pass' || unknownOwner.size === 0) return r;
  const managed = unknownOwner.get(r.resource.address);
  if (managed === undefined) return r;
  const why = managed.state === 'unreadable' ? `${managed.call} failed` : 'its manager is known only after apply';
  return notAssessed(r.resource, reasonFor(managed), {
    message: `Not judged: whether this key is customer-managed is not known (${why}); the rule alone would say: ${r.message}`,
    evidence: r.evidence,
    ...(r.key ? { key: r.key } : {}),
  });
}

/**
 * The resource a finding names: the rule's own object when nothing is masked and the input is already named (nearly
 * always; findings are never changed once made), else a copy with the masked address and the input.
 */
function findingResource(resource: ResourceRef, address: string, input: string | undefined): ResourceRef {
  const addInput = input !== undefined && resource.input === undefined;
  if (address === resource.address && !addInput) return resource;
  return { ...resource, address, ...(addInput ? { input } : {}) };
}

/** The evidence with sensitive values and URL credentials masked: the rule's own list when nothing is masked. */
function scrubbedEvidence(
  list: Evidence[],
  maskValue: (value: unknown) => unknown,
  maskText: (text: string) => string,
): Evidence[] {
  let copy: Evidence[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const observed = maskValue(e.observed);
    const source = maskText(e.source);
    if (observed === e.observed && source === e.source) {
      copy?.push(e);
      continue;
    }
    copy ??= list.slice(0, i);
    copy.push({ ...e, observed, source });
  }
  return copy ?? list;
}

export function runRules(inventory: Inventory, rules: readonly Rule[], options: RunOptions): Finding[] {
  const findings: Finding[] = [];
  const context = { config: options.config, profile: options.profile };
  // With one input every result is attributed to it; with several, an entity names its own.
  const soleInput = inventory.inputs.length === 1 ? inventory.inputs[0]?.path : undefined;
  const severalInputs = inventory.inputs.length > 1;
  // Sensitive values and credentials in URLs are masked once here, for every rule and every part of a finding.
  const redact = redactorFor(inventory);
  const unknownOwner = keysOfUnknownOwner(inventory);
  const scrub = (s: string): string => redact.text(maskUrlCredentials(s));
  for (const rule of rules) {
    const results = [...rule.check(inventory, context), ...gapResults(inventory, rule)];
    const controls = options.controlsFor?.(rule.meta.id) ?? [];
    const elsewhere = options.config.providedElsewhere[rule.meta.id];
    const override = options.config.severityOverrides[rule.meta.id];
    for (const result of results) {
      const r = ownerUnread(unknownOwner, result);
      if (options.resource && !addressMatches(options.resource, r.resource.address)) continue;
      const input = r.resource.input ?? soleInput;
      const f: Finding = {
        ruleId: rule.meta.id,
        status: r.status,
        severity: override ?? r.severity ?? rule.meta.severity,
        fingerprint: fingerprintOf(
          rule.meta.id,
          options.fingerprintAddress?.(r.resource.address) ?? r.resource.address,
          r.key,
          severalInputs ? input : undefined,
        ),
        resource: findingResource(r.resource, scrub(r.resource.address), input),
        message: scrub(r.message),
        evidence: scrubbedEvidence(r.evidence, (v) => redact.deep(maskUrlCredentialsDeep(v)), scrub),
        controls,
      };
      if (r.reason) f.reason = r.reason;
      // An absence met in another stack is a gap in this input, never a pass.
      if (elsewhere && r.status === 'fail' && ABSENCE_TYPES.has(r.resource.type)) {
        f.status = 'not-assessed';
        f.reason = 'provided-elsewhere';
        f.message = `${f.message} (provided elsewhere: ${elsewhere})`;
      }
      findings.push(f);
    }
  }
  return findings;
}
