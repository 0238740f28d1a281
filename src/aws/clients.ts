/**
 * Client settings shared by every service client of a scan: credentials from the standard chain, the
 * endpoint (one URL for all services, or the SDK's own per-service settings), FIPS and adaptive retry.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { ClientBase } from './context.js';
import { DEFAULT_CALL_TIMEOUT_S } from './pool.js';

export interface ClientOptions {
  endpointUrl?: string;
  fips?: boolean;
  profile?: string;
  /** Per-request limit, retries included (ScanClock aborts at it); default DEFAULT_CALL_TIMEOUT_S. */
  callTimeoutMs?: number;
  /** Attempts per request (default MAX_ATTEMPTS). Not a CLI option: tests that fail every attempt lower it. */
  maxAttempts?: number;
}

/**
 * Adaptive retry adds client-side rate limiting on throttling answers; ten attempts ride out the bursts a
 * large account's listing produces without hiding a dead endpoint for long.
 */
export const MAX_ATTEMPTS = 10;

/**
 * The SDK waits forever by default. Inside an air gap a service without a VPC endpoint resolves to a
 * public address that never answers, so connections give up after 10 s (or the call timeout, when
 * shorter). The response limit is the call timeout, enforced by ScanClock for the whole request, retries
 * included; the socket's own idle limit sits a little later and only backs it up.
 */
export function requestHandlerFor(callTimeoutMs: number): NonNullable<ClientBase['requestHandler']> {
  return {
    connectionTimeout: Math.min(10_000, callTimeoutMs),
    requestTimeout: callTimeoutMs + 5_000,
    throwOnRequestTimeout: true,
  };
}

export function clientFactory(options: ClientOptions): (region: string) => ClientBase {
  // One provider for all clients: the chain resolves (and refreshes) credentials once, never prints them.
  const credentials = fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  return (region: string): ClientBase => {
    const base: ClientBase = {
      region,
      credentials,
      retryMode: 'adaptive',
      maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
      requestHandler: requestHandlerFor(options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_S * 1000),
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
