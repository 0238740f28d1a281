/**
 * Where a Bedrock model reference sends data (RES-002). A foundation-model or provisioned ARN names
 * its region; a system-defined cross-region inference profile (`us.`, `eu.`, `global.` ... prefix)
 * routes requests to any region of its geography; an application inference profile hides its
 * regions behind its own ARN.
 */
import type { Severity } from '../engine/types.js';
import { hasWildcard, wildcardMatch } from '../policy/analysis.js';
import { parseModelArn } from './bedrockArns.js';

/**
 * Destination regions each geography's profiles may route to: the union over models of AWS's
 * published lists, so that a region any profile of the geography may use is counted.
 */
export const PROFILE_GEOGRAPHIES: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  eu: ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'],
  apac: [
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-7',
  ],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
  ca: ['ca-central-1', 'ca-west-1'],
};

export type ModelVerdict =
  | { state: 'pass'; why: string }
  | { state: 'fail'; why: string; severity: Severity }
  | { state: 'not-assessed'; why: string };

/** A Bedrock model or profile ARN, region wildcards included (`arn:aws:bedrock:*::foundation-model/...`). */
export function isModelReference(arn: string): boolean {
  return parseModelArn(arn) !== undefined;
}

/** The geography prefix of a system-defined inference profile id (`eu.anthropic...` -> `eu`). */
export function profileGeography(id: string): string | undefined {
  const prefix = id.split('.')[0];
  return prefix === 'global' || Object.hasOwn(PROFILE_GEOGRAPHIES, prefix) ? prefix : undefined;
}

function judgeProfile(id: string, allowed: readonly string[]): ModelVerdict | undefined {
  const geo = profileGeography(id);
  if (!geo) return undefined;
  if (geo === 'global')
    return {
      state: 'fail',
      why: `global inference profile ${id} routes requests to any commercial region`,
      severity: 'high',
    };
  const regions = PROFILE_GEOGRAPHIES[geo];
  const outside = regions.filter((r) => !allowed.includes(r));
  if (outside.length === 0)
    return { state: 'pass', why: `${geo} inference profile stays within the allowed regions (${regions.join(', ')})` };
  // Data leaves the allowed regions but not the geography the allowed regions belong to.
  const sameGeography = allowed.some((r) => regions.includes(r));
  return {
    state: 'fail',
    why: `${geo} inference profile ${id} may route to ${outside.join(', ')}, outside allowedRegions`,
    severity: sameGeography ? 'medium' : 'high',
  };
}

/**
 * Judge one model reference (ARN or model id) against the allowed regions. `homeRegion` is where
 * the resource naming a bare model id calls Bedrock.
 */
export function judgeModelReference(
  ref: string,
  allowed: readonly string[],
  listed: readonly string[],
  homeRegion: string | undefined,
): ModelVerdict {
  const m = parseModelArn(ref);
  if (!m) {
    const profile = judgeProfile(ref, allowed);
    if (profile) return profile;
    if (!homeRegion)
      return { state: 'not-assessed', why: `model id ${ref} is called in a region the input does not tell` };
    return allowed.includes(homeRegion)
      ? { state: 'pass', why: `model ${ref} is called in ${homeRegion}` }
      : { state: 'fail', why: `model ${ref} is called in ${homeRegion}, outside allowedRegions`, severity: 'high' };
  }
  const { region, type, id } = m;
  if (type === 'application-inference-profile') {
    if (listed.some((p) => p === ref || wildcardMatch(p, ref)))
      return { state: 'pass', why: `application inference profile ${ref} is listed in allowedModelArns` };
    return {
      state: 'not-assessed',
      why: `application inference profile ${ref} hides the regions it routes to; list it in allowedModelArns once its model source is reviewed`,
    };
  }
  if (region === '' || hasWildcard(region))
    return {
      state: 'fail',
      why: `${ref} names no specific region (a wildcard matches every region)`,
      severity: 'high',
    };
  if (!allowed.includes(region))
    return { state: 'fail', why: `${ref} is in ${region}, outside allowedRegions`, severity: 'high' };
  if (type === 'inference-profile') {
    const profile = judgeProfile(id, allowed);
    if (profile) return profile;
  }
  return { state: 'pass', why: `${ref} is in ${region}` };
}
