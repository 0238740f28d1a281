/**
 * Client settings: one endpoint URL for all services, FIPS, adaptive retry, IAM's region per partition.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { clientFactory, iamRegionFor, MAX_ATTEMPTS } from '../../src/aws/clients.js';
import { classifyError } from '../../src/aws/errors.js';
import { decodePolicyDocument } from '../../src/aws/iam.js';
import { isolateAwsEnv } from './motoServer.js';

isolateAwsEnv();

async function resolvedUrl(client: EC2Client | IAMClient): Promise<string> {
  const ep = client.config.endpointProvider({
    Region: await client.config.region(),
    UseFIPS: await client.config.useFipsEndpoint(),
    UseDualStack: false,
  });
  return ep.url.toString();
}

describe('client settings', () => {
  it('retries adaptively', () => {
    const base = clientFactory({})('eu-west-1');
    expect(base).toMatchObject({ region: 'eu-west-1', retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS });
    // Never wait forever on an endpoint that does not answer.
    expect(base.requestHandler).toEqual({
      connectionTimeout: 10_000,
      requestTimeout: 65_000,
      throwOnRequestTimeout: true,
    });
    expect(base.endpoint).toBeUndefined();
  });

  it('asks for FIPS endpoints with --fips', async () => {
    const base = clientFactory({ fips: true })('us-east-1');
    expect(base.useFipsEndpoint).toBe(true);
    const ec2 = new EC2Client(base);
    expect(await resolvedUrl(ec2)).toBe('https://ec2-fips.us-east-1.amazonaws.com/');
    ec2.destroy();
  });

  it('leaves FIPS to the SDK settings when not asked, and off with one endpoint URL', () => {
    expect(clientFactory({})('us-east-1').useFipsEndpoint).toBeUndefined();
    expect(clientFactory({ endpointUrl: 'http://127.0.0.1:1', fips: true })('us-east-1')).toMatchObject({
      endpoint: 'http://127.0.0.1:1',
      useFipsEndpoint: false,
    });
  });

  it('calls IAM at the partition’s global endpoint', async () => {
    expect(iamRegionFor('aws', 'eu-west-1')).toBe('us-east-1');
    expect(iamRegionFor('aws-us-gov', 'us-gov-east-1')).toBe('us-gov-west-1');
    expect(iamRegionFor('aws-cn', 'cn-northwest-1')).toBe('cn-north-1');
    const iam = new IAMClient(clientFactory({})(iamRegionFor('aws', 'eu-west-1')));
    expect(await resolvedUrl(iam)).toBe('https://iam.amazonaws.com/');
    iam.destroy();
  });
});

describe('error reading', () => {
  const err = (name: string, status = 400) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  it.each([
    ['AccessDenied', 'access-denied'],
    ['AccessDeniedException', 'access-denied'],
    ['UnauthorizedOperation', 'access-denied'],
    ['OptInRequired', 'region-not-enabled'],
    ['AuthFailure', 'region-not-enabled'],
    ['UnrecognizedClientException', 'region-not-enabled'],
    ['InvalidClientTokenId', 'region-not-enabled'],
    ['ValidationException', 'error'],
  ])('%s is %s', (name, reason) => {
    expect(classifyError(err(name))).toBe(reason);
  });

  it('reads a bare 403 as a refusal', () => {
    expect(classifyError(Object.assign(new Error('Forbidden'), { $metadata: { httpStatusCode: 403 } }))).toBe(
      'access-denied',
    );
  });

  it('URL-decodes IAM policy documents, and leaves plain JSON alone', () => {
    expect(decodePolicyDocument('%7B%22Version%22%3A%222012-10-17%22%7D')).toBe('{"Version":"2012-10-17"}');
    expect(decodePolicyDocument('{"Sid":"100%"}')).toBe('{"Sid":"100%"}');
    expect(decodePolicyDocument('%E0%A4%A')).toBe('%E0%A4%A');
  });
});
