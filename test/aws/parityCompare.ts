/**
 * Joins a live scan and a plan scan of the same deployment and lists where they disagree. Findings are
 * joined per rule on a key both sources can derive, `<terraform type>/<name>`: live addresses are ARNs
 * and plan addresses Terraform addresses, but both name the resource the same way (a `Name` tag on EC2
 * resources, the bucket name, the key alias, the trail / user / role / log group name).
 */
import { allRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/types.js';
import { ofKind, type Inventory } from '../../src/model/inventory.js';
import type { Entity } from '../../src/model/types.js';
import type { ScanReport } from '../../src/report/scanReport.js';

/** A resource (or account scope) both sources must judge alike: `aws_vpc/parity-vpc`, `scope/account/1234`. */
export function parityKey(inv: Inventory, address: string): string | undefined {
  const e = inv.byAddress.get(address);
  // Absences are reported against a scope (`account/<id>`), which is spelled alike on both sides.
  if (!e) return `scope/${address}`;
  const label = labelOf(e);
  return label === undefined ? undefined : `${e.meta.type}/${label}`;
}

function labelOf(e: Entity): string | undefined {
  if (e.tags?.Name) return e.tags.Name;
  switch (e.kind) {
    case 'Bucket':
      return e.bucketName;
    case 'KmsKey':
      return e.aliases[0];
    // One configuration per region, with no name of its own.
    case 'InvocationLogging':
      return e.meta.region;
    default:
      return e.name;
  }
}

/**
 * Rules whose results cannot agree because only one source can see what they judge. Each says why;
 * their findings are left out of the comparison on both sides.
 */
export const RULES_ONE_SIDE_ONLY: Readonly<Record<string, string>> = {
  // moto does not implement Route 53 Resolver DNS Firewall, so a live scan against it cannot read the
  // associations: not-assessed where the plan, which has no firewall resource, answers fail. Resolver
  // forwarding (EGR-002's other half) is compared in parityStoresB.test.ts.
  'EGR-002': 'moto does not implement Route 53 Resolver DNS Firewall associations',
  // Provider version constraints exist only in Terraform configuration; an account has none.
  'UPD-002': 'provider version constraints exist only in Terraform configuration',
};

/** Live resources AWS (and moto) create on their own, which this plan does not declare. */
export interface LiveOnlyResource {
  why: string;
  matches(e: Entity, defaultVpcIds: ReadonlySet<string>): boolean;
}

export const LIVE_ONLY_RESOURCES: readonly LiveOnlyResource[] = [
  {
    // Every region has a default VPC (moto's too); a plan holds it only through aws_default_vpc.
    why: 'the region default VPC (172.31.0.0/16), not declared by the plan',
    matches: (e, defaults) => e.kind === 'Vpc' && e.id !== undefined && defaults.has(e.id),
  },
  {
    why: 'default subnets of the default VPC (they map public IPs on launch)',
    matches: (e, defaults) => e.kind === 'Subnet' && e.vpc?.id !== undefined && defaults.has(e.vpc.id),
  },
  {
    // CreateVpc makes a main route table; a plan holds it only through aws_default_route_table.
    why: 'the main route table every VPC is created with',
    matches: (e) => e.kind === 'RouteTable' && e.main === true && !e.tags?.Name,
  },
  {
    // CreateVpc makes a `default` security group; a plan holds it only through aws_default_security_group.
    why: 'the default security group every VPC is created with',
    matches: (e) => e.kind === 'SecurityGroup' && e.name === 'default',
  },
];

/** The default VPC, known by its fixed CIDR and lack of a Name tag (the model has no isDefault flag). */
function defaultVpcIds(inv: Inventory): Set<string> {
  return new Set(
    ofKind(inv, 'Vpc').flatMap((v) => (v.id && !v.tags?.Name && v.cidrBlocks.includes('172.31.0.0/16') ? [v.id] : [])),
  );
}

export interface Mismatch {
  ruleId: string;
  key: string;
  live: string[];
  plan: string[];
}

export interface ParityResult {
  /** ruleId -> joined keys both sides judged. */
  compared: Map<string, Set<string>>;
  mismatches: Mismatch[];
  /** Findings that could not be joined (an unnamed resource no exclusion explains). */
  unjoinable: string[];
  /** Live findings left out because they judge a live-only default resource, by reason. */
  excludedLive: Map<string, number>;
}

/**
 * Rules reading a kind that a service the live scan left out (`services`) fills: on the live side their
 * account-scope results say what was not read, where the plan judges the absence, so those scopes are
 * not compared. Their results on resources still are.
 */
function scopesLeftOut(live: Inventory): Set<string> {
  const kinds = new Set(live.gaps.filter((g) => g.reason === 'not-collected').flatMap((g) => g.kinds));
  return new Set(allRules.filter((r) => r.meta.reads.some((k) => kinds.has(k))).map((r) => r.meta.id));
}

/** `status` or `status/reason`, sorted per rule and key: several results per resource (routes) are a multiset. */
type Outcomes = Map<string, Map<string, string[]>>;

function outcomes(
  report: ScanReport,
  inv: Inventory,
  side: 'live' | 'plan',
  unjoinable: string[],
  excluded: Map<string, number>,
  leftOut: ReadonlySet<string>,
): Outcomes {
  const defaults = side === 'live' ? defaultVpcIds(inv) : new Set<string>();
  const out: Outcomes = new Map();
  for (const f of report.findings) {
    if (f.ruleId in RULES_ONE_SIDE_ONLY) continue;
    const entity = inv.byAddress.get(f.resource.address);
    const liveOnly =
      entity && side === 'live' ? LIVE_ONLY_RESOURCES.find((x) => x.matches(entity, defaults)) : undefined;
    if (liveOnly) {
      excluded.set(liveOnly.why, (excluded.get(liveOnly.why) ?? 0) + 1);
      continue;
    }
    const key = parityKey(inv, f.resource.address);
    if (key?.startsWith('scope/account/') && leftOut.has(f.ruleId)) continue;
    if (key === undefined) {
      unjoinable.push(`${side} ${f.ruleId} ${f.resource.address}`);
      continue;
    }
    const byKey = out.get(f.ruleId) ?? new Map<string, string[]>();
    out.set(f.ruleId, byKey);
    byKey.set(key, [...(byKey.get(key) ?? []), outcome(f)].sort());
  }
  return out;
}

function outcome(f: Finding): string {
  return f.reason ? `${f.status}/${f.reason}` : f.status;
}

export function compareScans(
  live: { report: ScanReport; inventory: Inventory },
  plan: { report: ScanReport; inventory: Inventory },
): ParityResult {
  const unjoinable: string[] = [];
  const excludedLive = new Map<string, number>();
  const leftOut = scopesLeftOut(live.inventory);
  const l = outcomes(live.report, live.inventory, 'live', unjoinable, excludedLive, leftOut);
  const p = outcomes(plan.report, plan.inventory, 'plan', unjoinable, new Map(), leftOut);
  const compared = new Map<string, Set<string>>();
  const mismatches: Mismatch[] = [];
  for (const ruleId of [...new Set([...l.keys(), ...p.keys()])].sort()) {
    const lk = l.get(ruleId) ?? new Map<string, string[]>();
    const pk = p.get(ruleId) ?? new Map<string, string[]>();
    for (const key of [...new Set([...lk.keys(), ...pk.keys()])].sort()) {
      const ls = lk.get(key) ?? [];
      const ps = pk.get(key) ?? [];
      if (ls.join() !== ps.join()) mismatches.push({ ruleId, key, live: ls, plan: ps });
      else {
        const set = compared.get(ruleId) ?? new Set<string>();
        compared.set(ruleId, set);
        set.add(key);
      }
    }
  }
  return { compared, mismatches, unjoinable, excludedLive };
}
