/**
 * Secrets Manager collector: secrets with the KMS key that encrypts them.
 */
import { paginateListSecrets, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { collectPages, tagsOf, type ScanContext } from './context.js';

const CALL = 'secretsmanager:ListSecrets';

export async function collectSecrets(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('secretsmanager', region, (config) => new SecretsManagerClient(config));
  const a = await ctx.call({ call: CALL, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListSecrets({ client }, {}), (p) => p.SecretList),
  );
  if (a.state !== 'ok') return;
  for (const s of a.value) {
    if (!s.ARN) continue;
    // A secret scheduled for deletion is on its way out, as a destroyed plan resource is.
    if (s.DeletedDate) continue;
    ctx.add({
      kind: 'DataStore',
      storeKind: 'secret',
      meta: ctx.meta('aws_secretsmanager_secret', s.ARN, region, { kmsKey: CALL, kmsKeyRaw: CALL }),
      id: s.ARN,
      arn: s.ARN,
      name: s.Name,
      tags: tagsOf(s.Tags),
      // Without KmsKeyId the secret is encrypted with aws/secretsmanager, an AWS-managed key.
      encrypted: true,
      kmsKey: s.KmsKeyId ? { id: s.KmsKeyId } : undefined,
      kmsKeyRaw: s.KmsKeyId,
      defaultEncryption: s.KmsKeyId ? undefined : 'alias/aws/secretsmanager',
    });
  }
}
