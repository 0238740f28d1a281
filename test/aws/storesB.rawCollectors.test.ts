/**
 * The Route 53 Resolver and CodeArtifact collectors, which speak their services' JSON protocols, against
 * a local server answering in the shapes of the API references (moto 5.2.1 has no CodeArtifact and no
 * DNS Firewall): entities field by field, and every refused, throttled or garbled answer a gap or an
 * unreadable field that the rules judge not-assessed, never a pass.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestHandlerFor } from '../../src/aws/clients.js';
import { collectCodeArtifact } from '../../src/aws/codeartifact.js';
import { type ClientBase, ScanContext } from '../../src/aws/context.js';
import { createPool, ScanClock } from '../../src/aws/pool.js';
import { collectResolver } from '../../src/aws/resolver.js';
import { defaultConfig } from '../../src/config/config.js';
import { addEntity, createInventory, type Inventory, ofKind } from '../../src/model/inventory.js';
import type { Entity, Vpc } from '../../src/model/types.js';
import { rule as dep004 } from '../../rules/dep-004-external-artifacts.js';
import { rule as egr002 } from '../../rules/egr-002-dns-egress.js';
import { type Answer, type JsonServer, type SeenRequest, startJsonServer, TEST_CREDENTIALS } from './storesB.server.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const ARN = `arn:aws:route53resolver:${REGION}:${ACCOUNT}`;

let server: JsonServer | undefined;
let clock: ScanClock | undefined;

afterEach(async () => {
  clock?.stop();
  await server?.stop();
  server = undefined;
});

function context(url: string, maxAttempts = 3): ScanContext {
  clock = new ScanClock({ callTimeoutMs: 5_000, deadlineMs: 60_000 });
  const base = (region: string): ClientBase => ({
    region,
    credentials: async () => TEST_CREDENTIALS,
    retryMode: 'adaptive',
    maxAttempts,
    requestHandler: requestHandlerFor(5_000),
    endpoint: url,
  });
  return new ScanContext(
    { account: ACCOUNT, partition: 'aws', regions: [REGION], homeRegion: REGION, iamRegion: 'us-east-1' },
    createPool(4),
    base,
    clock,
  );
}

function vpc(ctx: ScanContext, id: string, cidr: string): Vpc {
  const v: Vpc = {
    kind: 'Vpc',
    meta: ctx.meta('aws_vpc', `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${id}`, REGION, {}),
    id,
    cidrBlocks: [cidr],
  };
  ctx.add(v);
  return v;
}

function inventoryOf(ctx: ScanContext): Inventory {
  ctx.runJoins();
  const inv = createInventory();
  for (const e of ctx.entities) addEntity(inv, e as Entity);
  inv.gaps.push(...ctx.gaps);
  inv.accounts.push(ACCOUNT);
  return inv;
}

const ENDPOINTS = {
  ResolverEndpoints: [
    {
      Id: 'rslvr-out-1',
      Arn: `${ARN}:resolver-endpoint/rslvr-out-1`,
      Name: 'corp-out',
      Direction: 'OUTBOUND',
      HostVPCId: 'vpc-1',
      Status: 'OPERATIONAL',
    },
    {
      Id: 'rslvr-in-1',
      Arn: `${ARN}:resolver-endpoint/rslvr-in-1`,
      Name: 'corp-in',
      Direction: 'INBOUND',
      HostVPCId: 'vpc-1',
      Status: 'OPERATIONAL',
    },
    {
      Id: 'rslvr-gone',
      Arn: `${ARN}:resolver-endpoint/rslvr-gone`,
      Direction: 'OUTBOUND',
      HostVPCId: 'vpc-1',
      Status: 'DELETING',
    },
  ],
};

const RULES = {
  ResolverRules: [
    {
      Id: 'rslvr-rr-corp',
      Arn: `${ARN}:resolver-rule/rslvr-rr-corp`,
      DomainName: 'corp.example.',
      RuleType: 'FORWARD',
      Status: 'COMPLETE',
      ResolverEndpointId: 'rslvr-out-1',
      TargetIps: [{ Ip: '10.1.0.2', Port: 53 }],
    },
    {
      Id: 'rslvr-rr-public',
      Arn: `${ARN}:resolver-rule/rslvr-rr-public`,
      DomainName: '.',
      RuleType: 'FORWARD',
      Status: 'COMPLETE',
      ResolverEndpointId: 'rslvr-out-1',
      TargetIps: [
        { Ip: '8.8.8.8', Port: 53 },
        { Ipv6: '2001:4860:4860::8888', Port: 53 },
      ],
    },
    // Not forwarding rules, or forwarding through an endpoint of another account: not this endpoint's.
    { Id: 'rslvr-autodefined-rr-internet-resolver', DomainName: '.', RuleType: 'RECURSIVE', Status: 'COMPLETE' },
    {
      Id: 'rslvr-rr-shared',
      DomainName: 'partner.example.',
      RuleType: 'FORWARD',
      ResolverEndpointId: 'rslvr-out-elsewhere',
      TargetIps: [{ Ip: '192.0.2.1' }],
    },
  ],
};

/** Both forwarding rules of the outbound endpoint forward the queries of vpc-1. */
const ASSOCIATIONS = {
  ResolverRuleAssociations: [
    { Id: 'rslvr-rrassoc-1', ResolverRuleId: 'rslvr-rr-corp', VPCId: 'vpc-1', Status: 'COMPLETE' },
    { Id: 'rslvr-rrassoc-2', ResolverRuleId: 'rslvr-rr-public', VPCId: 'vpc-1', Status: 'COMPLETE' },
    // Associations on their way out, or that never took: they forward nothing.
    { Id: 'rslvr-rrassoc-3', ResolverRuleId: 'rslvr-rr-public', VPCId: 'vpc-2', Status: 'DELETING' },
    { Id: 'rslvr-rrassoc-4', ResolverRuleId: 'rslvr-rr-corp', VPCId: 'vpc-3', Status: 'FAILED' },
  ],
};

/** A forwarding rule of the outbound endpoint, for the association cases. */
function outboundRule(id: string, target: string, extra: Record<string, unknown> = {}) {
  return {
    Id: id,
    Arn: `${ARN}:resolver-rule/${id}`,
    DomainName: `${id}.example.`,
    RuleType: 'FORWARD',
    Status: 'COMPLETE',
    ResolverEndpointId: 'rslvr-out-1',
    TargetIps: [{ Ip: target, Port: 53 }],
    ...extra,
  };
}

const FIREWALL = {
  FirewallRuleGroupAssociations: [
    {
      Id: 'rslvr-frgassoc-1',
      Arn: `${ARN}:firewall-rule-group-association/rslvr-frgassoc-1`,
      VpcId: 'vpc-1',
      Status: 'COMPLETE',
    },
    {
      Id: 'rslvr-frgassoc-2',
      Arn: `${ARN}:firewall-rule-group-association/rslvr-frgassoc-2`,
      VpcId: 'vpc-3',
      Status: 'DELETING',
    },
  ],
};

/** The Resolver API as this account would answer it; `override` replaces one operation's answer. */
function resolverApi(override: Record<string, (req: SeenRequest) => Answer> = {}): (req: SeenRequest) => Answer {
  return (req) => {
    const op = req.target?.replace('Route53Resolver.', '') ?? '';
    if (override[op]) return override[op](req);
    switch (op) {
      case 'ListResolverEndpoints':
        return { body: ENDPOINTS };
      case 'ListResolverEndpointIpAddresses': {
        const id = (JSON.parse(req.body) as { ResolverEndpointId: string }).ResolverEndpointId;
        return {
          body: {
            IpAddresses: [
              { IpId: `${id}-a`, SubnetId: 'subnet-a', Ip: '10.0.1.10' },
              { IpId: `${id}-b`, SubnetId: 'subnet-b', Ip: '10.0.2.10' },
            ],
          },
        };
      }
      case 'ListResolverRules':
        return { body: RULES };
      case 'ListResolverRuleAssociations':
        return { body: ASSOCIATIONS };
      case 'ListFirewallRuleGroupAssociations':
        return { body: FIREWALL };
      default:
        return { status: 400, body: { __type: 'InvalidRequestException', message: `unexpected ${op}` } };
    }
  };
}

const denied = (): Answer => ({
  status: 400,
  body: { __type: 'AccessDeniedException', message: 'User is not authorized to perform this action' },
});

function egr002Results(inv: Inventory) {
  return egr002.check(inv, { config: defaultConfig(), profile: 'regulated' });
}

describe('Route 53 Resolver collector', () => {
  it('reads endpoints, folds FORWARD rules into their endpoint and DNS Firewall associations into VPCs', async () => {
    server = await startJsonServer(resolverApi());
    const ctx = context(server.url);
    vpc(ctx, 'vpc-1', '10.0.0.0/16');
    vpc(ctx, 'vpc-2', '10.1.0.0/16');
    await collectResolver(ctx, REGION);
    const inv = inventoryOf(ctx);
    expect(ctx.gaps).toEqual([]);
    expect(server.requests.every((r) => r.signatureProblem === undefined)).toBe(true);

    const eps = ofKind(inv, 'ResolverEndpoint').sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
    expect(eps.map((e) => e.id)).toEqual(['rslvr-in-1', 'rslvr-out-1']);
    const out = eps[1];
    expect(out.meta).toMatchObject({
      source: 'aws',
      type: 'aws_route53_resolver_endpoint',
      region: REGION,
      account: ACCOUNT,
    });
    expect(out.arn).toBe(`${ARN}:resolver-endpoint/rslvr-out-1`);
    expect(out.name).toBe('corp-out');
    expect(out.direction).toBe('OUTBOUND');
    expect(out.vpc).toEqual({ id: 'vpc-1' });
    expect(out.subnets).toEqual([{ id: 'subnet-a' }, { id: 'subnet-b' }]);
    expect(out.forwardingRules).toEqual([
      {
        domain: 'corp.example',
        targetIps: ['10.1.0.2'],
        origin: `route53resolver:ListResolverRules ${ARN}:resolver-rule/rslvr-rr-corp`,
        vpcs: [{ id: 'vpc-1' }],
        vpcsOrigin: 'route53resolver:ListResolverRuleAssociations',
      },
      {
        domain: undefined,
        targetIps: ['8.8.8.8', '2001:4860:4860::8888'],
        origin: `route53resolver:ListResolverRules ${ARN}:resolver-rule/rslvr-rr-public`,
        vpcs: [{ id: 'vpc-1' }],
        vpcsOrigin: 'route53resolver:ListResolverRuleAssociations',
      },
    ]);
    expect(out.targetIps).toEqual(['10.1.0.2', '8.8.8.8', '2001:4860:4860::8888']);
    expect(out.meta.unreadable).toBeUndefined();
    expect(eps[0].forwardingRules).toEqual([]);

    const [v1, v2] = ofKind(inv, 'Vpc');
    expect(v1.dnsFirewallAssociations).toEqual([`${ARN}:firewall-rule-group-association/rslvr-frgassoc-1`]);
    expect(v2.dnsFirewallAssociations).toEqual([]);
    expect(v2.meta.origin?.dnsFirewallAssociations).toBe('route53resolver:ListFirewallRuleGroupAssociations');

    // The rule reads them as it reads a plan: forwarding to 8.8.8.8 fails, the VPC without a firewall fails.
    const results = egr002Results(inv);
    expect(results.map((r) => [r.resource.address, r.status])).toEqual([
      [`${ARN}:resolver-endpoint/rslvr-out-1`, 'fail'],
      [v1.meta.address, 'pass'],
      [v2.meta.address, 'fail'],
    ]);

    // Calls: one listing each for endpoints, rules, rule associations and DNS Firewall associations, one
    // IP listing per endpoint.
    const ops = server.requests.map((r) => r.target);
    expect(ops.filter((o) => o === 'Route53Resolver.ListResolverEndpointIpAddresses')).toHaveLength(2);
    expect(ops).toHaveLength(6);
  });

  it('a refused rule-association listing leaves a rule forwarding outside not assessed, never passed', async () => {
    server = await startJsonServer(resolverApi({ ListResolverRuleAssociations: denied }));
    const ctx = context(server.url);
    vpc(ctx, 'vpc-1', '10.0.0.0/16');
    await collectResolver(ctx, REGION);
    const inv = inventoryOf(ctx);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        call: 'route53resolver:ListResolverRuleAssociations',
        reason: 'access-denied',
        region: REGION,
        kinds: [],
      }),
    ]);
    const out = ofKind(inv, 'ResolverEndpoint').find((e) => e.id === 'rslvr-out-1');
    for (const r of out?.forwardingRules ?? []) {
      expect(r.vpcs).toBeUndefined();
      expect(r.vpcsUnreadable).toBe('route53resolver:ListResolverRuleAssociations');
    }
    const endpoint = egr002Results(inv).find((r) => r.resource.address === out?.meta.address);
    expect([endpoint?.status, endpoint?.reason]).toEqual(['not-assessed', 'access-denied']);
    expect(endpoint?.message).toMatch(/could not be read/);
  });

  it('a refused association listing does not hold back an endpoint whose rules all forward inside', async () => {
    server = await startJsonServer(
      resolverApi({
        ListResolverRuleAssociations: denied,
        ListResolverRules: () => ({ body: { ResolverRules: [outboundRule('rslvr-rr-in', '10.1.0.2')] } }),
      }),
    );
    const ctx = context(server.url);
    vpc(ctx, 'vpc-1', '10.0.0.0/16');
    vpc(ctx, 'vpc-2', '10.1.0.0/16');
    await collectResolver(ctx, REGION);
    const endpoint = egr002Results(inventoryOf(ctx)).find((r) => r.key !== 'dns-firewall');
    expect(endpoint?.status).toBe('pass');
  });

  it('a rule associated with no VPC forwards nothing; a rule shared with other accounts is judged as associated', async () => {
    const rules = (extra: object[]) => ({
      body: {
        ResolverRules: [
          outboundRule('rslvr-rr-corp', '10.1.0.2'),
          // No association in the listing: an idle rule.
          outboundRule('rslvr-rr-idle', '8.8.4.4'),
          ...extra,
        ],
      },
    });
    const run = async (extra: object[]) => {
      await server?.stop();
      server = await startJsonServer(resolverApi({ ListResolverRules: () => rules(extra) }));
      const ctx = context(server.url);
      vpc(ctx, 'vpc-1', '10.0.0.0/16');
      vpc(ctx, 'vpc-2', '10.1.0.0/16');
      await collectResolver(ctx, REGION);
      const inv = inventoryOf(ctx);
      const endpoint = egr002Results(inv).find((r) => r.key !== 'dns-firewall');
      return { inv, endpoint };
    };
    const idle = await run([]);
    const byId = (inv: Inventory, id: string) =>
      ofKind(inv, 'ResolverEndpoint')
        .flatMap((e) => e.forwardingRules ?? [])
        .find((r) => r.origin.endsWith(id));
    expect(byId(idle.inv, 'rslvr-rr-idle')?.vpcs).toEqual([]);
    expect(idle.endpoint?.status).toBe('pass');
    expect(idle.endpoint?.message).toMatch(/associated with no VPC.*rslvr-rr-idle/);

    // Shared through RAM: other accounts may associate it, and this account cannot list those associations.
    const shared = await run([outboundRule('rslvr-rr-shared', '9.9.9.9', { ShareStatus: 'SHARED_BY_ME' })]);
    expect(byId(shared.inv, 'rslvr-rr-shared')?.vpcs).toBeUndefined();
    expect(shared.endpoint?.status).toBe('fail');
    expect(shared.endpoint?.message).toMatch(/9\.9\.9\.9/);
    expect(shared.endpoint?.message).not.toMatch(/8\.8\.4\.4/);
  });

  it('a refused DNS Firewall listing leaves every VPC unreadable: not assessed, never a fail or pass', async () => {
    server = await startJsonServer(resolverApi({ ListFirewallRuleGroupAssociations: denied }));
    const ctx = context(server.url);
    vpc(ctx, 'vpc-1', '10.0.0.0/16');
    await collectResolver(ctx, REGION);
    const inv = inventoryOf(ctx);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        call: 'route53resolver:ListFirewallRuleGroupAssociations',
        reason: 'access-denied',
        region: REGION,
        kinds: [],
      }),
    ]);
    const [v] = ofKind(inv, 'Vpc');
    expect(v.dnsFirewallAssociations).toBeUndefined();
    expect(v.meta.unreadable).toEqual({ dnsFirewallAssociations: 'route53resolver:ListFirewallRuleGroupAssociations' });
    const firewall = egr002Results(inv).filter((r) => r.key === 'dns-firewall');
    expect(firewall.map((r) => [r.status, r.reason])).toEqual([['not-assessed', 'access-denied']]);
  });

  it('a garbled rules listing leaves the outbound endpoint’s forwarding unreadable, not "no forwarding rule"', async () => {
    server = await startJsonServer(resolverApi({ ListResolverRules: () => ({ body: '<html>proxy error</html>' }) }));
    const ctx = context(server.url);
    vpc(ctx, 'vpc-1', '10.0.0.0/16');
    await collectResolver(ctx, REGION);
    const inv = inventoryOf(ctx);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({ call: 'route53resolver:ListResolverRules', reason: 'error', kinds: [] }),
    ]);
    const out = ofKind(inv, 'ResolverEndpoint').find((e) => e.id === 'rslvr-out-1');
    expect(out?.meta.unreadable).toMatchObject({ forwardingRules: 'route53resolver:ListResolverRules' });
    const endpoint = egr002Results(inv).find((r) => r.resource.address === out?.meta.address);
    expect([endpoint?.status, endpoint?.reason]).toEqual(['not-assessed', 'access-denied']);
  });

  it('a throttled listing is retried and then read in full', async () => {
    let throttled = 0;
    server = await startJsonServer(
      resolverApi({
        ListResolverEndpoints: () =>
          throttled++ < 1
            ? { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } }
            : { body: ENDPOINTS },
      }),
    );
    const ctx = context(server.url);
    await collectResolver(ctx, REGION);
    expect(ctx.gaps).toEqual([]);
    expect(ofKind(inventoryOf(ctx), 'ResolverEndpoint')).toHaveLength(2);
  });

  it('a refused endpoint listing is a gap over resolver endpoints, which the rule reports per region', async () => {
    server = await startJsonServer(resolverApi({ ListResolverEndpoints: denied }));
    const ctx = context(server.url);
    await collectResolver(ctx, REGION);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({
        call: 'route53resolver:ListResolverEndpoints',
        kinds: ['ResolverEndpoint'],
        reason: 'access-denied',
      }),
    ]);
    expect(ctx.entities).toEqual([]);
  });
});

/** The CodeArtifact API: two pages of repositories, one DescribeRepository per repository. */
function codeArtifactApi(override: Record<string, Answer> = {}): (req: SeenRequest) => Answer {
  const repo = (name: string, extra: object = {}) => ({
    name,
    domainName: 'corp',
    domainOwner: ACCOUNT,
    administratorAccount: ACCOUNT,
    arn: `arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/corp/${name}`,
    ...extra,
  });
  return (req) => {
    if (req.method === 'POST' && req.path === '/v1/repositories') {
      return req.query['next-token'] === 'page2'
        ? { body: { repositories: [repo('internal-only')] } }
        : { body: { repositories: [repo('npm-store'), repo('pypi-store')], nextToken: 'page2' } };
    }
    if (req.method === 'GET' && req.path === '/v1/repository') {
      const name = req.query.repository;
      if (override[name]) return override[name];
      const external: Record<string, object> = {
        'npm-store': {
          externalConnections: [{ externalConnectionName: 'public:npmjs', packageFormat: 'npm', status: 'Available' }],
        },
        'pypi-store': {
          externalConnections: [{ externalConnectionName: 'public:pypi', packageFormat: 'pypi', status: 'Available' }],
        },
        'internal-only': { upstreams: [{ repositoryName: 'npm-store' }], externalConnections: [] },
      };
      return { body: { repository: repo(name, external[name] ?? {}) } };
    }
    return { status: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' }, body: { message: 'no route' } };
  };
}

describe('CodeArtifact collector', () => {
  it('reads every repository with its external connection, as the plan adapter models it', async () => {
    server = await startJsonServer(codeArtifactApi());
    const ctx = context(server.url);
    await collectCodeArtifact(ctx, REGION);
    const inv = inventoryOf(ctx);
    expect(ctx.gaps).toEqual([]);
    expect(server.requests.every((r) => r.signatureProblem === undefined && r.scope?.includes('/codeartifact/'))).toBe(
      true,
    );
    const repos = ofKind(inv, 'ArtifactSource').sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    expect(repos.map((r) => [r.name, r.artifactKind, r.location, r.meta.type])).toEqual([
      ['internal-only', 'codeartifact-external', undefined, 'aws_codeartifact_repository'],
      ['npm-store', 'codeartifact-external', 'public:npmjs', 'aws_codeartifact_repository'],
      ['pypi-store', 'codeartifact-external', 'public:pypi', 'aws_codeartifact_repository'],
    ]);
    expect(repos[1].meta.address).toBe(`arn:aws:codeartifact:${REGION}:${ACCOUNT}:repository/corp/npm-store`);
    expect(repos[1].meta.origin?.location).toBe('codeartifact:DescribeRepository');
    const results = dep004.check(inv, {
      config: { ...defaultConfig(), workloadAccount: ACCOUNT },
      profile: 'regulated',
    });
    expect(results.map((r) => r.status).sort()).toEqual(['fail', 'fail', 'pass']);
    // Calls: two pages of ListRepositories, one DescribeRepository per repository.
    expect(server.requests).toHaveLength(5);
  });

  it('a repository that cannot be described is unreadable: DEP-004 not assessed, never "no external connection"', async () => {
    server = await startJsonServer(
      codeArtifactApi({
        'internal-only': {
          status: 403,
          headers: { 'x-amzn-errortype': 'AccessDeniedException' },
          body: { message: 'not authorized to perform codeartifact:DescribeRepository' },
        },
      }),
    );
    const ctx = context(server.url);
    await collectCodeArtifact(ctx, REGION);
    const inv = inventoryOf(ctx);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({ call: 'codeartifact:DescribeRepository', reason: 'access-denied', kinds: [] }),
    ]);
    const unread = ofKind(inv, 'ArtifactSource').find((r) => r.name === 'internal-only');
    expect(unread?.meta.unreadable).toEqual({ location: 'codeartifact:DescribeRepository' });
    const result = dep004
      .check(inv, { config: { ...defaultConfig(), workloadAccount: ACCOUNT }, profile: 'regulated' })
      .find((r) => r.resource.address === unread?.meta.address);
    expect([result?.status, result?.reason]).toEqual(['not-assessed', 'access-denied']);
  });

  it('a garbled listing is a gap over artefact sources, with no repository invented', async () => {
    server = await startJsonServer(() => ({ body: 'repositories: none' }));
    const ctx = context(server.url);
    await collectCodeArtifact(ctx, REGION);
    expect(ctx.gaps).toEqual([
      expect.objectContaining({ call: 'codeartifact:ListRepositories', reason: 'error', kinds: ['ArtifactSource'] }),
    ]);
    expect(ctx.entities).toEqual([]);
  });
});
