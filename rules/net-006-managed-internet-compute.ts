import {
  evidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  unsettledReason,
  unsettledWords,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { ComputeWorkload } from '../src/model/types.js';

/** Lambda and CodeBuild outside a VPC run on AWS's network, which has internet access. */
function vpcAttached(w: ComputeWorkload): RuleResult {
  const what = w.computeKind === 'lambda' ? 'Lambda function' : 'CodeBuild project';
  const ev = [
    evidence(
      w,
      'subnets',
      w.subnets.map((s) => s.id ?? s.address ?? null),
      'vpc_config with at least one boundary subnet',
    ),
  ];
  // A block that is there settles the attachment even while its computed members (vpc_id) are unknown;
  // only an absent or unread one leaves it open.
  if (w.vpcConfigured !== true && isUnknown(w, 'vpcConfigured'))
    return notAssessed(resourceOf(w), unsettledReason(w, 'vpcConfigured'), {
      message: `Whether the ${what} has a vpc_config is not settled by the input`,
      evidence: ev,
    });
  if (!w.vpcConfigured)
    return fail(resourceOf(w), {
      message: `${what} has no vpc_config: it runs with AWS-managed internet access`,
      evidence: ev,
    });
  if (w.subnets.length === 0) {
    if (isUnknown(w, 'subnets'))
      return notAssessed(resourceOf(w), unsettledReason(w, 'subnets'), {
        message: `vpc_config subnets are ${unsettledWords(w, 'subnets').words}`,
        evidence: ev,
      });
    return fail(resourceOf(w), {
      message: `${what} has a vpc_config with no subnets: it stays outside the VPC`,
      evidence: ev,
    });
  }
  return pass(resourceOf(w), { message: `${what} runs inside the VPC`, evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'NET-006',
    title: 'No compute with AWS-managed internet access',
    severity: 'high',
    condition: 'AG-1',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Some services give compute internet access when it is left outside a VPC: Lambda functions and CodeBuild projects without vpc_config, SageMaker notebooks with direct internet access, SageMaker domains in PublicInternetOnly mode.',
    remediation:
      'Give `aws_lambda_function` and `aws_codebuild_project` a `vpc_config` with boundary subnets; set `direct_internet_access = "Disabled"` on `aws_sagemaker_notebook_instance` and `app_network_access_type = "VpcOnly"` on `aws_sagemaker_domain`.',
    references: [
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
      'https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html',
    ],
    reads: ['ComputeWorkload'],
  },
  check(inventory) {
    const results: RuleResult[] = [];
    for (const w of ofKind(inventory, 'ComputeWorkload')) {
      if (w.computeKind === 'lambda' || w.computeKind === 'codebuild') results.push(vpcAttached(w));
      else if (w.computeKind === 'sagemaker-notebook') {
        const ev = [evidence(w, 'directInternetAccess', w.directInternetAccess ?? null, 'Disabled')];
        if (w.directInternetAccess === undefined)
          results.push(
            notAssessed(resourceOf(w), unsettledReason(w, 'directInternetAccess'), {
              message: `direct_internet_access is ${unsettledWords(w, 'directInternetAccess').words}`,
              evidence: ev,
            }),
          );
        else if (w.directInternetAccess === 'Disabled')
          results.push(pass(resourceOf(w), { message: 'Notebook has no direct internet access', evidence: ev }));
        else results.push(fail(resourceOf(w), { message: 'Notebook has direct internet access', evidence: ev }));
      } else if (w.computeKind === 'sagemaker-domain') {
        const ev = [evidence(w, 'appNetworkAccessType', w.appNetworkAccessType ?? null, 'VpcOnly')];
        if (w.appNetworkAccessType === undefined)
          results.push(
            notAssessed(resourceOf(w), unsettledReason(w, 'appNetworkAccessType'), {
              message: `app_network_access_type is ${unsettledWords(w, 'appNetworkAccessType').words}`,
              evidence: ev,
            }),
          );
        else if (w.appNetworkAccessType === 'VpcOnly')
          results.push(pass(resourceOf(w), { message: 'Domain is VPC-only', evidence: ev }));
        else results.push(fail(resourceOf(w), { message: 'Domain uses PublicInternetOnly networking', evidence: ev }));
      }
    }
    return results;
  },
};
