/**
 * Plan / live parity for the set-B collectors: the SageMaker notebooks, domain, models and endpoint
 * configurations, CodeBuild projects and Route 53 Resolver endpoints, rules and rule associations of
 * `storesB.deployment.ts`, created in moto and written as a `terraform show -json` plan, judged alike
 * resource by resource (NET-006, KMS-001, DEP-004, EGR-002's forwarding part, and every other rule that
 * judges these resources, RES-001 included).
 *
 * What moto cannot deploy is not compared here: DNS Firewall associations (EGR-002's VPC part), ECR
 * pull-through cache rules, CodeArtifact repositories, Bedrock guardrails, and Bedrock agents and
 * knowledge bases (moto answers their timestamps in a shape the SDK refuses). The live side of those is
 * tested in storesB.mock.test.ts and storesB.rawCollectors.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { type AuditConfig, defaultConfig } from '../../src/config/config.js';
import type { Finding } from '../../src/engine/types.js';
import type { Inventory } from '../../src/model/inventory.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import type { ScanReport } from '../../src/report/scanReport.js';
import { assessInventory } from '../../src/scan.js';
import { buildPlan, constant, type JsonValue, type PlanSpec, ref, type ResourceSpec } from '../support/planBuilder.js';
import { isolateAwsEnv, type Moto, startMoto } from './motoServer.js';
import { compareScans, type ParityResult, parityKey } from './parityCompare.js';
import { deployStoresB, STORES_B, STORES_B_ACCOUNT, STORES_B_REGION } from './storesB.deployment.js';
import { failedGaps } from './gaps.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const config: AuditConfig = {
  ...defaultConfig(),
  profile: 'highest-trust',
  workloadAccount: STORES_B_ACCOUNT,
  trustedAccounts: [STORES_B_ACCOUNT],
  allowedRegions: [STORES_B_REGION],
};

/** The Terraform types of the set-B resources: the comparison is about these. */
const SET_B_TYPES = [
  'aws_sagemaker_notebook_instance',
  'aws_sagemaker_domain',
  'aws_sagemaker_model',
  'aws_sagemaker_endpoint_configuration',
  'aws_codebuild_project',
  'aws_route53_resolver_endpoint',
];

type Scan = { report: ScanReport; inventory: Inventory };

let moto: Moto;
let live: Scan;
let plan: Scan;

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
  await deployStoresB(moto.url);
  // ec2 for the VPC, subnets and security group the set-B resources sit in. Two attempts: moto answers
  // the DNS Firewall listing with HTTP 500.
  const inventory = await collectAws({
    endpointUrl: moto.url,
    regions: [STORES_B_REGION],
    services: ['ec2', 'sagemaker', 'codebuild', 'route53resolver'],
    maxAttempts: 2,
  });
  live = { report: assessInventory(inventory, { config }), inventory };
  const planInventory = inventoryFromPlans([loadPlan(buildPlan(storesBPlanSpec()), 'storesb-plan.json')]);
  plan = { report: assessInventory(planInventory, { config }), inventory: planInventory };
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

const isSetB = (key: string): boolean => SET_B_TYPES.some((t) => key.startsWith(`${t}/`));

describe('set-B plan / live parity', () => {
  let parity: ParityResult;
  beforeAll(() => {
    parity = compareScans(live, plan);
  });

  it('the live scan read everything but the DNS Firewall associations moto does not implement', () => {
    expect(failedGaps(live.inventory).map((g) => g.call)).toEqual([
      'route53resolver:ListFirewallRuleGroupAssociations',
    ]);
  });

  it('gives every set-B resource the same result from both sources, rule by rule', () => {
    expect(parity.mismatches.filter((m) => isSetB(m.key))).toEqual([]);
    // DEP-004 names a SageMaker model's image by the model, which is no entity of either source: its
    // results carry the model's own address (an ARN live, a Terraform address in the plan) and are joined
    // by the image below. Nothing else differs, set B or not.
    const models = Object.values(STORES_B.models).map((m) => m.name);
    expect(parity.mismatches.map((m) => `${m.ruleId} ${m.key}`).sort()).toEqual(
      [
        ...models.map((n) => `DEP-004 scope/arn:aws:sagemaker:${STORES_B_REGION}:${STORES_B_ACCOUNT}:model/${n}`),
        ...Object.keys(STORES_B.models).map((k) => `DEP-004 scope/aws_sagemaker_model.${k}`),
      ].sort(),
    );
    // The images themselves have no name to join on (RES-001 judges them; both sources pass them).
    expect(parity.unjoinable.sort()).toEqual(
      [
        ...models.map(
          (n) =>
            `live RES-001 arn:aws:sagemaker:${STORES_B_REGION}:${STORES_B_ACCOUNT}:model/${n}::primary_container:0`,
        ),
        ...Object.keys(STORES_B.models).map((k) => `plan RES-001 aws_sagemaker_model.${k}::primary_container:0`),
      ].sort(),
    );
    const res001 = (s: Scan) =>
      s.report.findings
        .filter((f) => f.ruleId === 'RES-001' && f.resource.type === 'aws_sagemaker_model')
        .map((f) => f.status);
    expect(res001(live)).toEqual(['pass', 'pass', 'pass']);
    expect(res001(plan)).toEqual(['pass', 'pass', 'pass']);
  });

  it('compares NET-006 on every notebook, domain and project, and RES-001 on every set-B resource', () => {
    const net006 = [...(parity.compared.get('NET-006') ?? [])].sort();
    expect(net006).toEqual(
      [
        `aws_codebuild_project/${STORES_B.projects.inVpc}`,
        `aws_codebuild_project/${STORES_B.projects.outside}`,
        `aws_sagemaker_domain/${STORES_B.domain.name}`,
        `aws_sagemaker_notebook_instance/${STORES_B.notebooks.closed.name}`,
        `aws_sagemaker_notebook_instance/${STORES_B.notebooks.open.name}`,
      ].sort(),
    );
    // The storage beside each notebook and domain, and the endpoints' storage each endpoint configuration
    // names: KMS-001 on the key each names (or the AWS managed key).
    expect([...(parity.compared.get('KMS-001') ?? [])].filter(isSetB).sort()).toEqual(
      [
        `aws_sagemaker_endpoint_configuration/${STORES_B.endpointConfigs.keyed.name}`,
        `aws_sagemaker_endpoint_configuration/${STORES_B.endpointConfigs.managed.name}`,
        `aws_sagemaker_domain/${STORES_B.domain.name}`,
        `aws_sagemaker_notebook_instance/${STORES_B.notebooks.closed.name}`,
        `aws_sagemaker_notebook_instance/${STORES_B.notebooks.open.name}`,
      ].sort(),
    );
    const res001 = [...(parity.compared.get('RES-001') ?? [])].filter(isSetB);
    expect(res001).toEqual(
      expect.arrayContaining([...net006, `aws_route53_resolver_endpoint/${STORES_B.resolver.outbound}`]),
    );
    // The results themselves: both sides fail the open notebook and the project outside a VPC.
    expect(statusesOf(live, 'NET-006')).toEqual(statusesOf(plan, 'NET-006'));
    expect(statusesOf(live, 'NET-006')).toEqual({
      [`aws_codebuild_project/${STORES_B.projects.inVpc}`]: ['pass'],
      [`aws_codebuild_project/${STORES_B.projects.outside}`]: ['fail'],
      [`aws_sagemaker_domain/${STORES_B.domain.name}`]: ['pass'],
      [`aws_sagemaker_notebook_instance/${STORES_B.notebooks.closed.name}`]: ['pass'],
      [`aws_sagemaker_notebook_instance/${STORES_B.notebooks.open.name}`]: ['fail'],
    });
  });

  it('judges the outbound Resolver endpoints alike (EGR-002 forwarding, which the shared comparison leaves out)', () => {
    const endpoints = (s: Scan) =>
      Object.fromEntries(
        Object.entries(statusesOf(s, 'EGR-002')).filter(([k]) => k.startsWith('aws_route53_resolver_endpoint/')),
      );
    expect(endpoints(live)).toEqual(endpoints(plan));
    expect(endpoints(live)).toEqual({
      [`aws_route53_resolver_endpoint/${STORES_B.resolver.outbound}`]: ['fail'],
      [`aws_route53_resolver_endpoint/${STORES_B.resolver.internal}`]: ['pass'],
    });
  });

  it('judges KMS-001 on the endpoint configurations alike: the AWS managed key fails both ways', () => {
    const configs = (s: Scan) =>
      Object.fromEntries(
        Object.entries(statusesOf(s, 'KMS-001')).filter(([k]) => k.startsWith('aws_sagemaker_endpoint_configuration/')),
      );
    expect(configs(live)).toEqual(configs(plan));
    const { keyed, managed } = STORES_B.endpointConfigs;
    expect(configs(live)[`aws_sagemaker_endpoint_configuration/${managed.name}`]).toEqual(['fail']);
    // A named key that neither source holds (no aws_kms_key, no KMS collector here) is for review.
    expect(configs(live)[`aws_sagemaker_endpoint_configuration/${keyed.name}`]).toEqual(['not-assessed/needs-review']);
  });

  it('detects a plan whose Resolver rule associations differ from the account: the idle rule associated', () => {
    const spec = storesBPlanSpec();
    spec.resources.push(association('idle'));
    const inventory = inventoryFromPlans([loadPlan(buildPlan(spec), 'storesb-plan.json')]);
    const report = assessInventory(inventory, { config });
    const internal = `aws_route53_resolver_endpoint/${STORES_B.resolver.internal}`;
    // Live, the idle rule forwards nothing; planned with an association, it forwards example.net to 1.1.1.1.
    expect(statusesOf(live, 'EGR-002')[internal]).toEqual(['pass']);
    expect(statusesOf({ report, inventory }, 'EGR-002')[internal]).toEqual(['fail']);
  });

  it('detects a plan that differs from the account: the open notebook planned without internet access', () => {
    const spec = storesBPlanSpec();
    const open = spec.resources.find((r) => r.address === 'aws_sagemaker_notebook_instance.open');
    if (!open) throw new Error('no open notebook in the plan');
    open.values.direct_internet_access = 'Disabled';
    (open.expressions ??= {}).direct_internet_access = constant('Disabled');
    const inventory = inventoryFromPlans([loadPlan(buildPlan(spec), 'storesb-plan.json')]);
    const flipped = compareScans(live, { report: assessInventory(inventory, { config }), inventory });
    expect(flipped.mismatches.filter((m) => isSetB(m.key))).toEqual([
      {
        ruleId: 'NET-006',
        key: `aws_sagemaker_notebook_instance/${STORES_B.notebooks.open.name}`,
        live: ['fail'],
        plan: ['pass'],
      },
    ]);
  });

  it('judges the SageMaker model images alike (DEP-004), joined by the model that pulls each', () => {
    // A finding names the model: its ARN live, its Terraform address in the plan; both end in the key.
    const byModel = new Map(
      Object.entries(STORES_B.models).flatMap(([k, m]) => [
        [`aws_sagemaker_model.${k}`, m.name],
        [`arn:aws:sagemaker:${STORES_B_REGION}:${STORES_B_ACCOUNT}:model/${m.name}`, m.name],
      ]),
    );
    const images = (s: Scan): Record<string, [string, unknown]> =>
      Object.fromEntries(
        s.report.findings
          .filter((f) => f.ruleId === 'DEP-004' && f.resource.type === 'aws_sagemaker_model')
          .map((f) => [byModel.get(f.resource.address), [f.status, f.evidence[0]?.observed]]),
      );
    const { own, public: pub, repo } = STORES_B.models;
    expect(Object.fromEntries(Object.entries(images(live)).map(([k, [status]]) => [k, status]))).toEqual(
      Object.fromEntries(Object.entries(images(plan)).map(([k, [status]]) => [k, status])),
    );
    expect(images(live)).toEqual({
      [own.name]: ['pass', own.image],
      [pub.name]: ['fail', pub.image],
      [repo.name]: ['pass', repo.image],
    });
    // The plan names the repository image by reference (unknown until apply) to the aws_ecr_repository it
    // creates; the account answers the image URI in its own registry. Both pass it, and neither needs the
    // repository as an entity of its own: the live scan does not read ECR repositories.
    expect(images(plan)[repo.name]).toEqual(['pass', `(reference to aws_ecr_repository.infer)`]);
  });
});

/** `{ parity key: sorted statuses }` of one rule's findings on set-B resources. */
function statusesOf(s: Scan, ruleId: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of s.report.findings.filter((x: Finding) => x.ruleId === ruleId)) {
    const key = parityKey(s.inventory, f.resource.address);
    if (!key || !isSetB(key)) continue;
    out[key] = [...(out[key] ?? []), f.reason ? `${f.status}/${f.reason}` : f.status].sort();
  }
  return out;
}

type Values = Record<string, JsonValue>;

/**
 * One resource as Terraform plans it: `config` is what the configuration writes (constants), `defaults`
 * what the provider fills in, `refs` arguments set by reference (unknown until apply), `computed` the
 * attributes the provider computes at apply.
 */
function planned(
  address: string,
  config: Values,
  extra: {
    defaults?: Values;
    refs?: Record<string, string[]>;
    computed?: string[];
    blocks?: Record<string, JsonValue>;
  } = {},
): ResourceSpec {
  const unknown: Record<string, JsonValue> = {};
  for (const attr of [...(extra.computed ?? []), ...Object.keys(extra.refs ?? {})]) unknown[attr] = true;
  const expressions: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(config)) expressions[k] = constant(v);
  for (const [k, targets] of Object.entries(extra.refs ?? {})) expressions[k] = ref(...targets);
  Object.assign(expressions, extra.blocks ?? {});
  return { address, values: { ...(extra.defaults ?? {}), ...config }, unknown, expressions };
}

/** What Terraform plans for one production variant (the model is referenced, so known after apply). */
function endpointVariant(): JsonValue {
  return {
    variant_name: 'main',
    model_name: ref('aws_sagemaker_model.own.name'),
    instance_type: { constant_value: 'ml.m5.large' },
    initial_instance_count: { constant_value: 1 },
  };
}

/** `aws_route53_resolver_rule_association.<key>`: the rule's association with the set-B VPC. */
function association(key: keyof typeof STORES_B.resolver.rules): ResourceSpec {
  return planned(
    `aws_route53_resolver_rule_association.${key}`,
    { name: STORES_B.resolver.rules[key].name },
    {
      refs: { resolver_rule_id: [`aws_route53_resolver_rule.${key}.id`], vpc_id: ['aws_vpc.main.id'] },
      computed: ['id'],
    },
  );
}

/** The plan that deploys what storesB.deployment.ts creates in moto. */
function storesBPlanSpec(): PlanSpec {
  const subnetIds = ['aws_subnet.a.id', 'aws_subnet.b.id'];
  const name = (n: string) => ({ tags: { Name: n } });
  const nb = STORES_B.notebooks;
  const r = STORES_B.resolver;
  const resources: ResourceSpec[] = [
    planned('aws_vpc.main', { cidr_block: STORES_B.vpc.cidr, ...name(STORES_B.vpc.name) }, { computed: ['id', 'arn'] }),
    ...STORES_B.subnets.map((s, i) =>
      planned(
        `aws_subnet.${i === 0 ? 'a' : 'b'}`,
        { cidr_block: s.cidr, availability_zone: s.az, ...name(s.name) },
        {
          defaults: { map_public_ip_on_launch: false },
          refs: { vpc_id: ['aws_vpc.main.id'] },
          computed: ['id', 'arn'],
        },
      ),
    ),
    planned(
      'aws_security_group.main',
      {
        name: STORES_B.securityGroup,
        description: 'set B',
        // What CreateSecurityGroup gives a new group, written out as Terraform requires.
        ingress: [],
        egress: [
          {
            description: '',
            protocol: '-1',
            from_port: 0,
            to_port: 0,
            cidr_blocks: ['0.0.0.0/0'],
            ipv6_cidr_blocks: [],
            prefix_list_ids: [],
            security_groups: [],
            self: false,
          },
        ],
        ...name(STORES_B.securityGroup),
      },
      { refs: { vpc_id: ['aws_vpc.main.id'] }, computed: ['id', 'arn'] },
    ),
    planned(
      'aws_sagemaker_notebook_instance.closed',
      {
        name: nb.closed.name,
        instance_type: 'ml.t3.medium',
        role_arn: STORES_B.role,
        direct_internet_access: 'Disabled',
        kms_key_id: nb.closed.kmsKeyId,
      },
      {
        refs: { subnet_id: ['aws_subnet.a.id'], security_groups: ['aws_security_group.main.id'] },
        computed: ['id', 'arn', 'url', 'network_interface_id'],
      },
    ),
    // direct_internet_access not written: the provider plans its default.
    planned(
      'aws_sagemaker_notebook_instance.open',
      { name: nb.open.name, instance_type: 'ml.t3.medium', role_arn: STORES_B.role },
      { defaults: { direct_internet_access: 'Enabled' }, computed: ['id', 'arn', 'url', 'network_interface_id'] },
    ),
    planned(
      'aws_sagemaker_domain.main',
      {
        domain_name: STORES_B.domain.name,
        auth_mode: 'IAM',
        app_network_access_type: STORES_B.domain.appNetworkAccessType,
        default_user_settings: [{ execution_role: STORES_B.role }],
      },
      {
        refs: { subnet_ids: subnetIds, vpc_id: ['aws_vpc.main.id'] },
        computed: ['id', 'arn', 'url', 'home_efs_file_system_id'],
      },
    ),
    planned(
      'aws_ecr_repository.infer',
      { name: STORES_B.ecrRepository },
      { computed: ['id', 'arn', 'registry_id', 'repository_url'] },
    ),
    ...Object.entries(STORES_B.models).map(([key, m]) =>
      key === 'repo'
        ? // The image is the repository's URL with a tag: known only after apply.
          {
            address: `aws_sagemaker_model.${key}`,
            values: { name: m.name, execution_role_arn: STORES_B.role, primary_container: [{}] },
            unknown: { id: true, arn: true, primary_container: [{ image: true }] },
            expressions: {
              name: constant(m.name),
              execution_role_arn: constant(STORES_B.role),
              primary_container: [{ image: ref('aws_ecr_repository.infer.repository_url') }],
            },
          }
        : planned(
            `aws_sagemaker_model.${key}`,
            { name: m.name, execution_role_arn: STORES_B.role, primary_container: [{ image: m.image }] },
            { computed: ['id', 'arn'] },
          ),
    ),
    planned(
      'aws_sagemaker_endpoint_configuration.keyed',
      { name: STORES_B.endpointConfigs.keyed.name, kms_key_arn: STORES_B.endpointConfigs.keyed.kmsKeyId },
      { computed: ['id', 'arn'], blocks: { production_variants: [endpointVariant()] } },
    ),
    // kms_key_arn not written: SageMaker's AWS managed key.
    planned(
      'aws_sagemaker_endpoint_configuration.managed',
      { name: STORES_B.endpointConfigs.managed.name },
      { computed: ['id', 'arn'], blocks: { production_variants: [endpointVariant()] } },
    ),
    planned(
      'aws_codebuild_project.in_vpc',
      {
        name: STORES_B.projects.inVpc,
        service_role: STORES_B.role,
        source: [{ type: 'S3', location: 'storesb-source/source.zip' }],
        artifacts: [{ type: 'NO_ARTIFACTS' }],
      },
      {
        defaults: { vpc_config: [{}] },
        computed: ['id', 'arn'],
        blocks: {
          vpc_config: [
            {
              vpc_id: ref('aws_vpc.main.id'),
              subnets: ref(...subnetIds),
              security_group_ids: ref('aws_security_group.main.id'),
            },
          ],
        },
      },
    ),
    planned(
      'aws_codebuild_project.open',
      {
        name: STORES_B.projects.outside,
        service_role: STORES_B.role,
        source: [{ type: 'S3', location: 'storesb-source/source.zip' }],
        artifacts: [{ type: 'NO_ARTIFACTS' }],
      },
      { computed: ['id', 'arn'] },
    ),
    ...[
      { key: 'outbound', n: r.outbound, direction: 'OUTBOUND' },
      { key: 'internal', n: r.internal, direction: 'OUTBOUND' },
      { key: 'inbound', n: r.inbound, direction: 'INBOUND' },
    ].map(({ key, n, direction }) =>
      planned(
        `aws_route53_resolver_endpoint.${key}`,
        { name: n, direction },
        {
          defaults: { ip_address: [{}, {}] },
          refs: { security_group_ids: ['aws_security_group.main.id'] },
          computed: ['id', 'arn', 'host_vpc_id'],
          blocks: { ip_address: subnetIds.map((id) => ({ subnet_id: ref(id) })) },
        },
      ),
    ),
    ...[
      { key: 'inside', rule: r.rules.inside, via: 'internal' },
      { key: 'outside', rule: r.rules.outside, via: 'outbound' },
      { key: 'idle', rule: r.rules.idle, via: 'internal' },
    ].map(({ key, rule, via }) =>
      planned(
        `aws_route53_resolver_rule.${key}`,
        { name: rule.name, rule_type: 'FORWARD', domain_name: rule.domain, target_ip: [{ ip: rule.target, port: 53 }] },
        {
          refs: { resolver_endpoint_id: [`aws_route53_resolver_endpoint.${via}.id`] },
          computed: ['id', 'arn', 'owner_id'],
        },
      ),
    ),
    // The idle rule has no association: it forwards nothing, as in the account.
    association('inside'),
    association('outside'),
  ];
  return {
    providers: { aws: { region: STORES_B_REGION, allowedAccountIds: [STORES_B_ACCOUNT] } },
    resources,
  };
}
