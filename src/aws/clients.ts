/**
 * Client settings shared by every service client of a scan: credentials from the standard chain, the
 * endpoint (one URL for all services, or the SDK's own per-service settings), FIPS and adaptive retry.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { ClientBase } from './context.js';

export interface ClientOptions {
  endpointUrl?: string;
  fips?: boolean;
  profile?: string;
}

/**
 * Adaptive retry adds client-side rate limiting on throttling answers; ten attempts ride out the bursts a
 * large account's listing produces without hiding a dead endpoint for long.
 */
export const MAX_ATTEMPTS = 10;

/**
 * The SDK waits forever by default. Inside an air gap a service without a VPC endpoint resolves to a
 * public address that never answers, so connections give up after 10 s and a request after 2 minutes
 * (GetAccountAuthorizationDetails pages of a large account take seconds, never minutes).
 */
export const REQUEST_HANDLER = { connectionTimeout: 10_000, requestTimeout: 120_000, throwOnRequestTimeout: true };

export function clientFactory(options: ClientOptions): (region: string) => ClientBase {
  // One provider for all clients: the chain resolves (and refreshes) credentials once, never prints them.
  const credentials = fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  return (region: string): ClientBase => {
    const base: ClientBase = {
      region,
      credentials,
      retryMode: 'adaptive',
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: { ...REQUEST_HANDLER },
    };
    if (options.profile) base.profile = options.profile;
    if (options.endpointUrl) {
      // One URL for every service (an emulator, a proxy). The SDK's endpoint rules refuse FIPS together
      // with a custom endpoint, and the URL given is the one to use anyway, so FIPS is not asked for.
      base.endpoint = options.endpointUrl;
      base.useFipsEndpoint = false;
    } else if (options.fips !== undefined) {
      base.useFipsEndpoint = options.fips;
    }
    // Otherwise the SDK reads AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the shared config's
    // `services` sections and AWS_USE_FIPS_ENDPOINT itself.
    return base;
  };
}

/** The region the SDK would use (AWS_REGION, the profile's `region`), or undefined when none is set. */
export async function configuredRegion(profile: string | undefined): Promise<string | undefined> {
  const probe = new STSClient(profile ? { profile } : {});
  try {
    const region = await probe.config.region();
    return region || undefined;
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/** The partition's region for IAM, a global service whose endpoint signs for one region. */
export function iamRegionFor(partition: string, home: string): string {
  if (partition === 'aws') return 'us-east-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  if (partition === 'aws-cn') return 'cn-north-1';
  return home;
}
