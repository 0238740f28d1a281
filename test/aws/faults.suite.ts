/**
 * Faults the emulator cannot produce, injected by a loopback proxy in front of it: throttling (the SDK's
 * adaptive retry rides it out), refusals (a gap naming the permission, the rest of the scan goes on),
 * regions that are not enabled, unexpected errors, and a caller identity that cannot be established.
 */
import { describe, expect, it } from 'vitest';
import { AwsScanError, collectAws } from '../../src/aws/collectAws.js';
import { REGIONAL_KINDS } from '../../src/aws/context.js';
import { ofKind, resolve } from '../../src/model/inventory.js';
import { AUDIT_BUCKET, REGION } from './deployment.js';
import type { LiveEnv } from './moto.test.js';
import { MOTO_SERVICES } from './motoServer.js';
import { failedGaps } from './gaps.js';

export function faultSuite(env: LiveEnv): void {
  describe('fault injection', () => {
    const scan = (regions: string[] = [REGION]) =>
      collectAws({ endpointUrl: env.proxy.url, regions, services: MOTO_SERVICES });

    it('retries throttled calls and loses nothing', async () => {
      // Each service's own throttling code. Adaptive retry slows a client down after a throttle, so the
      // calls chosen are late ones; the scan still has to get every answer.
      env.proxy.setFault((req, attempt) => {
        if (attempt !== 1) return undefined;
        if (req.action === 'DescribeLaunchTemplateVersions') return { code: 'RequestLimitExceeded', status: 503 };
        if (req.action === 'GetKeyRotationStatus') return { code: 'ThrottlingException', status: 400 };
        if (req.action === 'GetOpenIDConnectProvider') return { code: 'Throttling', status: 400 };
        if (req.service === 'bedrock') return { code: 'ThrottlingException', status: 429 };
        if (req.action === 'GetBucketVersioning') return { code: 'SlowDown', status: 503 };
        return undefined;
      });
      const inv = await scan();
      for (const action of ['DescribeLaunchTemplateVersions', 'GetKeyRotationStatus', 'GetOpenIDConnectProvider']) {
        expect(env.proxy.seen.filter((s) => s.action === action).length, action).toBe(2);
      }
      expect(failedGaps(inv).map((g) => g.call)).toEqual(['lambda:GetRuntimeManagementConfig']);
      expect(resolve(inv, { id: env.deployment.launchTemplateId }, 'ComputeWorkload')?.enclaveEnabled).toBe(true);
      expect(resolve(inv, { id: env.deployment.keyArn }, 'KmsKey')?.rotationEnabled).toBe(true);
      expect(ofKind(inv, 'OidcProvider')[0].url).toBe('token.actions.githubusercontent.com');
      expect(ofKind(inv, 'InvocationLogging')).toHaveLength(1);
      expect(ofKind(inv, 'Bucket').map((b) => b.versioning)).toEqual(['Enabled', 'Disabled']);
    }, 60_000);

    it('turns a refused listing into a gap naming the permission, and scans the rest', async () => {
      env.proxy.setFault((req) =>
        req.action === 'DescribeInternetGateways'
          ? { code: 'UnauthorizedOperation', status: 403, message: 'You are not authorized to perform this operation.' }
          : undefined,
      );
      const inv = await scan();
      const gap = failedGaps(inv).find((g) => g.call === 'ec2:DescribeInternetGateways');
      expect(gap).toEqual({
        kinds: ['InternetGateway'],
        region: REGION,
        call: 'ec2:DescribeInternetGateways',
        reason: 'access-denied',
        detail: 'UnauthorizedOperation: You are not authorized to perform this operation.',
      });
      // Egress-only gateways come from their own call and are still there; the refused kind is not guessed.
      expect(ofKind(inv, 'InternetGateway').map((g) => g.id)).toEqual([env.deployment.eigwId]);
      expect(resolve(inv, { id: env.deployment.vpcId }, 'Vpc')).toBeDefined();
      expect(resolve(inv, { id: env.deployment.natId }, 'NatGateway')).toBeDefined();
      expect(resolve(inv, { id: AUDIT_BUCKET }, 'Bucket')).toBeDefined();
    });

    it('leaves a field unknown when a per-resource call is refused (a key policy that shuts the scanner out)', async () => {
      env.proxy.setFault((req) =>
        req.action === 'GetKeyPolicy' ? { code: 'AccessDeniedException', status: 400 } : undefined,
      );
      const inv = await scan();
      const key = resolve(inv, { id: env.deployment.keyArn }, 'KmsKey');
      // Unread, never "no policy given" (which rules would read as the default key policy).
      expect(key?.policy).toEqual({
        state: 'unreadable',
        call: 'kms:GetKeyPolicy',
        origin: 'kms:GetKeyPolicy (failed)',
        what: 'The key policy could not be read: kms:GetKeyPolicy failed (access-denied)',
      });
      expect(key?.meta.unreadable).toEqual({ policy: 'kms:GetKeyPolicy' });
      expect(key?.meta.origin?.policy).toBe('kms:GetKeyPolicy (failed)');
      expect(key?.rotationEnabled).toBe(true);
      const gap = failedGaps(inv).find((g) => g.call === 'kms:GetKeyPolicy');
      expect(gap).toMatchObject({ kinds: [], region: REGION, reason: 'access-denied' });
      expect(gap?.detail).toContain(env.deployment.keyArn);
    });

    it('merges per-resource refusals of one call into one gap', async () => {
      env.proxy.setFault((req) =>
        req.action === 'GetBucketPolicy' ? { code: 'AccessDenied', status: 403, message: 'Access Denied' } : undefined,
      );
      const inv = await scan();
      const gaps = failedGaps(inv).filter((g) => g.call === 's3:GetBucketPolicy');
      expect(gaps).toHaveLength(1);
      expect(gaps[0].reason).toBe('access-denied');
      expect(gaps[0].detail).toMatch(
        /^arn:aws:s3:::airgap-audit-trail-logs: AccessDenied: Access Denied \(and 1 more: arn:aws:s3:::airgap-plain-data/,
      );
      for (const b of ofKind(inv, 'Bucket')) {
        expect(b.policy?.state).toBe('unreadable');
        expect(b.meta.unreadable?.policy).toBe('s3:GetBucketPolicy');
        // The other bucket calls were answered.
        expect(b.objectLockEnabled).toBeDefined();
      }
    });

    it('keeps IAM resources it could read when the account-wide call is refused', async () => {
      env.proxy.setFault((req) =>
        req.action === 'GetAccountAuthorizationDetails' ? { code: 'AccessDenied', status: 403 } : undefined,
      );
      const inv = await scan();
      expect(failedGaps(inv).find((g) => g.call === 'iam:GetAccountAuthorizationDetails')).toMatchObject({
        kinds: ['IamUser', 'IamRole', 'IamPolicy'],
        reason: 'access-denied',
      });
      expect(failedGaps(inv).find((g) => g.call === 'iam:GetAccountAuthorizationDetails')?.region).toBeUndefined();
      expect(ofKind(inv, 'IamUser')).toEqual([]);
      expect(ofKind(inv, 'OidcProvider')).toHaveLength(1);
    });

    it('reports a region that is not enabled once, skips the rest of its calls, and scans the others', async () => {
      const disabled = 'ap-east-1';
      env.proxy.setFault((req) => {
        if (req.region !== disabled) return undefined;
        if (req.service === 'ec2')
          return {
            code: 'AuthFailure',
            status: 401,
            message: 'AWS was not able to validate the provided access credentials',
          };
        if (req.service === 'sts' || req.service === 'iam') return { code: 'InvalidClientTokenId', status: 403 };
        if (req.service === 'bedrock' || req.service === 'lambda')
          return { code: 'UnrecognizedClientException', status: 403 };
        return {
          code: 'UnrecognizedClientException',
          status: 400,
          message: 'The security token included in the request is invalid.',
        };
      });
      // Given first: the caller identity is then asked in the next region.
      const inv = await collectAws({
        endpointUrl: env.proxy.url,
        regions: [disabled, REGION],
        services: MOTO_SERVICES,
        concurrency: 4,
      });
      expect(inv.accounts).toEqual(['123456789012']);
      const regionGaps = failedGaps(inv).filter((g) => g.region === disabled);
      expect(regionGaps).toHaveLength(1);
      expect(regionGaps[0]).toMatchObject({ reason: 'region-not-enabled', kinds: REGIONAL_KINDS });
      // The identity attempt, and the calls already in flight when the first refusal came back, are all
      // that reach the region.
      expect(env.proxy.seen.filter((s) => s.region === disabled && s.service === 'sts')).toHaveLength(1);
      expect(env.proxy.seen.filter((s) => s.region === disabled).length).toBeLessThanOrEqual(5);
      expect(inv.regions).toEqual([disabled, REGION]);
      expect(resolve(inv, { id: env.deployment.vpcId }, 'Vpc')).toBeDefined();
      expect(ofKind(inv, 'Vpc').every((v) => v.meta.region === REGION)).toBe(true);
    });

    it('records an unexpected error as a gap of reason error', async () => {
      env.proxy.setFault((req) =>
        req.action === 'DescribeLogGroups'
          ? { code: 'ValidationException', status: 400, message: 'bad request' }
          : undefined,
      );
      const inv = await scan();
      expect(failedGaps(inv).find((g) => g.call === 'logs:DescribeLogGroups')).toEqual({
        kinds: ['DataStore'],
        region: REGION,
        call: 'logs:DescribeLogGroups',
        reason: 'error',
        detail: 'ValidationException: bad request',
      });
      expect(ofKind(inv, 'DataStore').map((s) => s.storeKind)).toEqual(['secret']);
    });

    it('stops with one clear error when the caller identity cannot be established', async () => {
      env.proxy.setFault((req) =>
        req.action === 'GetCallerIdentity'
          ? {
              code: 'InvalidClientTokenId',
              status: 403,
              message: 'The security token included in the request is invalid.',
            }
          : undefined,
      );
      const err = await scan().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsScanError);
      expect((err as Error).message).toBe(
        'cannot establish the AWS caller identity (sts:GetCallerIdentity): InvalidClientTokenId: The security token included in the request is invalid.',
      );
      expect((err as Error).message).not.toContain('testing');
    });
  });
}
