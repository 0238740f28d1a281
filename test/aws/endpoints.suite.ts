/**
 * Without --endpoint-url the SDK's own per-service settings decide where each call goes, as inside an air
 * gap where every service has its own VPC endpoint: `AWS_ENDPOINT_URL_<SERVICE>` variables, and `services`
 * sections of the shared config file for the profile the scan is given.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { ofKind } from '../../src/model/inventory.js';
import { REGION } from './deployment.js';
import type { LiveEnv } from './moto.test.js';
import { MOTO_SERVICES } from './motoServer.js';
import { failedGaps } from './gaps.js';

/** SDK service id (as the variable suffix and config key spell it) -> SigV4 signing name the proxy sees. */
const SERVICES: Record<string, string> = {
  EC2: 'ec2',
  KMS: 'kms',
  IAM: 'iam',
  CLOUDTRAIL: 'cloudtrail',
  S3: 's3',
  BEDROCK: 'bedrock',
  CLOUDWATCH_LOGS: 'logs',
  SECRETS_MANAGER: 'secretsmanager',
  LAMBDA: 'lambda',
  STS: 'sts',
  RDS: 'rds',
  DYNAMODB: 'dynamodb',
  OPENSEARCH: 'es',
  SQS: 'sqs',
  SNS: 'sns',
  SAGEMAKER: 'sagemaker',
  CODEBUILD: 'codebuild',
  BEDROCK_AGENT: 'bedrock',
};

export function endpointSuite(env: LiveEnv): void {
  describe('per-service endpoints from the SDK configuration', () => {
    let saved: NodeJS.ProcessEnv;
    let dir: string;

    beforeEach(() => {
      saved = { ...process.env };
      dir = mkdtempSync(join(tmpdir(), 'airgap-aws-config-'));
      env.proxy.setFault(undefined);
    });

    afterEach(() => {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    });

    it('honours AWS_ENDPOINT_URL_<SERVICE> for every service', async () => {
      for (const id of Object.keys(SERVICES)) process.env[`AWS_ENDPOINT_URL_${id}`] = env.proxy.url;
      const inv = await collectAws({ regions: [REGION], services: MOTO_SERVICES });
      expect(new Set(env.proxy.seen.map((s) => s.service))).toEqual(new Set(Object.values(SERVICES)));
      expect(inv.accounts).toEqual(['123456789012']);
      expect(ofKind(inv, 'Bucket')).toHaveLength(2);
      expect(ofKind(inv, 'VpcEndpoint')).toHaveLength(2);
      expect(failedGaps(inv).map((g) => g.call)).toEqual(['lambda:GetRuntimeManagementConfig']);
    });

    it('honours the services section of the profile given to the scan, with that profile’s credentials', async () => {
      const config = [
        '[profile audit]',
        'region = us-east-1',
        'services = airgap-endpoints',
        '',
        '[services airgap-endpoints]',
        ...Object.keys(SERVICES).flatMap((id) => [`${id.toLowerCase()} =`, `  endpoint_url = ${env.proxy.url}`]),
        '',
      ].join('\n');
      writeFileSync(join(dir, 'config'), config);
      writeFileSync(
        join(dir, 'credentials'),
        '[audit]\naws_access_key_id = profilekey\naws_secret_access_key = profilesecret\n',
      );
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_PROFILE;
      const inv = await collectAws({ profile: 'audit', regions: [REGION], services: MOTO_SERVICES });
      expect(new Set(env.proxy.seen.map((s) => s.service))).toEqual(new Set(Object.values(SERVICES)));
      expect(ofKind(inv, 'Trail')).toHaveLength(1);
      expect(failedGaps(inv).map((g) => g.call)).toEqual(['lambda:GetRuntimeManagementConfig']);
      // The scan restores the caller's environment.
      expect(process.env.AWS_PROFILE).toBeUndefined();
    });
  });
}
