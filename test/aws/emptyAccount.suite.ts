/**
 * A second, empty account on the same emulator (reached by assuming a role there, as a cross-account
 * auditor would): only what AWS creates by itself - the default VPC - and no gap.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { ofKind, type Inventory } from '../../src/model/inventory.js';
import type { EntityKind } from '../../src/model/types.js';
import { REGION } from './deployment.js';
import type { LiveEnv } from './moto.test.js';
import { MOTO_SERVICES } from './motoServer.js';
import { failedGaps } from './gaps.js';

const EMPTY_ACCOUNT = '210987654321';

export function emptyAccountSuite(env: LiveEnv): void {
  describe('empty account', () => {
    let inv: Inventory;
    const saved = { ...process.env };

    beforeAll(async () => {
      const sts = new STSClient({ endpoint: env.moto.url, region: REGION });
      const creds = (
        await sts.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${EMPTY_ACCOUNT}:role/auditor`, RoleSessionName: 'audit' }),
        )
      ).Credentials;
      sts.destroy();
      process.env.AWS_ACCESS_KEY_ID = creds?.AccessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = creds?.SecretAccessKey;
      process.env.AWS_SESSION_TOKEN = creds?.SessionToken;
      inv = await collectAws({ endpointUrl: env.moto.url, regions: [REGION], services: MOTO_SERVICES });
    }, 60_000);

    afterAll(() => {
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    });

    it('scans the account the credentials belong to', () => {
      expect(inv.accounts).toEqual([EMPTY_ACCOUNT]);
      expect(inv.inputs).toEqual([{ kind: 'aws-account', path: `aws://${EMPTY_ACCOUNT}` }]);
      expect(failedGaps(inv)).toEqual([]);
    });

    it('finds only the default VPC and what comes with it', () => {
      const counts: Partial<Record<EntityKind, number>> = {};
      for (const e of inv.entities) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
      // moto's default VPC: one per availability zone subnet, its main route table and default group.
      expect(Object.keys(counts).sort()).toEqual(['RouteTable', 'SecurityGroup', 'Subnet', 'Vpc']);
      expect(ofKind(inv, 'Vpc')).toHaveLength(1);
      expect(ofKind(inv, 'Vpc')[0].cidrBlocks).toEqual(['172.31.0.0/16']);
      expect(ofKind(inv, 'Vpc')[0].meta.account).toBe(EMPTY_ACCOUNT);
      expect(ofKind(inv, 'RouteTable')).toEqual([expect.objectContaining({ main: true, subnets: [] })]);
      for (const kind of [
        'Bucket',
        'Trail',
        'KmsKey',
        'IamUser',
        'IamRole',
        'InvocationLogging',
        'DataStore',
        'ComputeWorkload',
      ] as const) {
        expect(ofKind(inv, kind)).toEqual([]);
      }
    });
  });
}
