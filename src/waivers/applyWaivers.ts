/**
 * Applying waivers to findings. Pure: the caller passes `today`, the real date or an explicit `--as-of`, never
 * SOURCE_DATE_EPOCH: a reproducible build pinned to an old commit time must not bring an expired waiver back.
 *
 * - A waiver matches a finding when the rule id is equal and the resource matches the address exactly as
 *   `--resource` does (engine/glob.ts `addressMatches`: exact, module or resource prefix, or a glob with `*`
 *   within one address step and `**` across steps); a pattern without an instance key also matches every
 *   instance (`aws_s3_bucket.logs` covers `aws_s3_bucket.logs["eu"]`).
 * - Only non-pass results are waived; the first matching waiver in file order wins.
 * - A waiver whose `expires` date is before `today` no longer applies (it is valid through its expiry
 *   day) and is reported `expired`, with the number of findings it would have covered.
 * - A live waiver that matches nothing is `stale`.
 * - `ignore` (`--ignore-waivers`) leaves every finding as it is but still reports each waiver's state.
 */
import type { Waiver } from '../config/config.js';
import type { Finding } from '../engine/types.js';
import { addressMatches, globMatch } from '../engine/glob.js';
import { baseAddress } from '../model/inventory.js';
import type { WaiverStatus } from '../report/scanReport.js';

export function waiverMatches(waiver: Waiver, finding: Finding): boolean {
  if (waiver.ruleId !== finding.ruleId) return false;
  const address = finding.resource.address;
  if (addressMatches(waiver.resource, address)) return true;
  const base = baseAddress(address);
  return base !== address && !waiver.resource.endsWith(']') && globMatch(waiver.resource, base);
}

export function applyWaivers(
  findings: Finding[],
  waivers: Waiver[],
  today: string,
  ignore: boolean,
): { findings: Finding[]; statuses: WaiverStatus[] } {
  const live = waivers.map((w) => w.expires >= today);
  const matched = waivers.map(() => 0);
  // Waiver indices per rule, in file order: a finding is compared only with its own rule's waivers.
  const byRule = new Map<string, number[]>();
  waivers.forEach((w, i) => {
    byRule.set(w.ruleId, [...(byRule.get(w.ruleId) ?? []), i]);
  });
  const out = findings.map((finding) => {
    if (finding.status === 'pass' || finding.status === 'waived') return finding;
    let applied: Waiver | undefined;
    for (const i of byRule.get(finding.ruleId) ?? []) {
      const w = waivers[i];
      if (!waiverMatches(w, finding)) continue;
      // Expired waivers count what they would have covered; live ones only the findings they take.
      if (!live[i]) matched[i]++;
      else if (!applied) {
        applied = w;
        matched[i]++;
      }
    }
    if (!applied || ignore) return finding;
    return {
      ...finding,
      status: 'waived' as const,
      waiver: { reason: applied.reason, owner: applied.owner, expires: applied.expires },
    };
  });
  const statuses: WaiverStatus[] = waivers.map((waiver, i) => ({
    waiver,
    state: !live[i] ? 'expired' : matched[i] === 0 ? 'stale' : 'applied',
    matched: matched[i],
  }));
  return { findings: out, statuses };
}
