/**
 * Example custom rule (`airgap-audit scan --rules-dir examples/custom-rules`): an organisation, "ACM", requires
 * every KMS key and S3 bucket to carry a `DataClassification` tag, so its evidence package can show which data
 * each key and bucket holds. Copy this file into your own rules directory and change it.
 *
 * A custom rule is an ES module exporting `rule = { meta, check }`, the same shape as the built-in rules. The
 * types come from the package entry (`import('airgap-audit')`); `import ... from 'airgap-audit'` always
 * resolves to the airgap-audit that is running the scan, so the rules directory needs no node_modules.
 */
import { evidence, fail, isUnknown, notAssessed, ofKind, pass, resourceOf } from 'airgap-audit';

const TAG = 'DataClassification';

/** @type {import('airgap-audit').CustomRule} */
export const rule = {
  meta: {
    namespace: 'ACM',
    id: 'ACM-001',
    title: 'Keys and buckets carry a data-classification tag',
    severity: 'medium',
    layer: 2,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'The data-handling policy assigns each store of data a classification; an untagged key or bucket cannot be shown to hold only the data it may hold.',
    remediation: `Add \`tags = { ${TAG} = "confidential" }\` (or the class that applies) to the aws_kms_key or aws_s3_bucket.`,
    references: ['https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html'],
    reads: ['KmsKey', 'Bucket'],
  },
  check(inventory) {
    const results = [];
    for (const entity of [...ofKind(inventory, 'KmsKey'), ...ofKind(inventory, 'Bucket')]) {
      const resource = resourceOf(entity);
      // Tags computed from other resources are only known after apply: that is not a pass.
      if (isUnknown(entity, 'tags')) {
        results.push(
          notAssessed(resource, 'unknown-at-plan', {
            message: `${entity.meta.address}: tags are known only after apply`,
            evidence: [evidence(entity, 'tags', null, `a ${TAG} tag`)],
          }),
        );
        continue;
      }
      const value = entity.tags?.[TAG];
      const ev = [evidence(entity, `tags.${TAG}`, value ?? null, 'a non-empty classification')];
      results.push(
        value
          ? pass(resource, { message: `${entity.meta.address} is classified ${value}`, evidence: ev })
          : fail(resource, { message: `${entity.meta.address} has no ${TAG} tag`, evidence: ev }),
      );
    }
    return results;
  },
};
