/**
 * The JSON-protocol client (jsonProtocol.ts) against a local server that verifies every request's SigV4
 * signature independently: awsJson1_1 (Route 53 Resolver) and restJson1 (CodeArtifact) requests, error
 * answers read as the SDK reads them, throttling retried, garbled answers refused, the call timeout, and
 * the endpoint settings the SDK clients honour.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestHandlerFor } from '../../src/aws/clients.js';
import type { ClientBase } from '../../src/aws/context.js';
import { classifyError } from '../../src/aws/errors.js';
import {
  CODEARTIFACT,
  JsonProtocolClient,
  JsonServiceError,
  jsonPages,
  resolveEndpoint,
  ROUTE53_RESOLVER,
} from '../../src/aws/jsonProtocol.js';
import { CallTimedOut, ScanClock } from '../../src/aws/pool.js';
import { isolateAwsEnv } from './motoServer.js';
import { type Answer, type JsonServer, type SeenRequest, startJsonServer, TEST_CREDENTIALS } from './storesB.server.js';

let server: JsonServer | undefined;
const clients: JsonProtocolClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
  server = undefined;
});

function base(endpoint: string | undefined, overrides: Partial<ClientBase> = {}): ClientBase {
  return {
    region: 'eu-west-1',
    credentials: async () => TEST_CREDENTIALS,
    retryMode: 'adaptive',
    maxAttempts: 3,
    requestHandler: requestHandlerFor(5_000),
    ...(endpoint ? { endpoint } : {}),
    ...overrides,
  };
}

async function serve(answer: (req: SeenRequest) => Answer): Promise<JsonServer> {
  server = await startJsonServer(answer);
  return server;
}

function client(service = ROUTE53_RESOLVER, config?: ClientBase): JsonProtocolClient {
  const c = new JsonProtocolClient(service, config ?? base(server?.url));
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<JsonServiceError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JsonServiceError);
  return err as JsonServiceError;
}

describe('awsJson1_1 (Route 53 Resolver)', () => {
  it('POSTs a signed request with the target header and answers the JSON body', async () => {
    const s = await serve(() => ({ body: { ResolverEndpoints: [{ Id: 'rslvr-out-1' }] } }));
    const out = await client().send({ operation: 'ListResolverEndpoints', body: { MaxResults: 100 } });
    expect(out).toEqual({ ResolverEndpoints: [{ Id: 'rslvr-out-1' }] });
    expect(s.requests).toHaveLength(1);
    const [req] = s.requests;
    expect(req.signatureProblem).toBeUndefined();
    expect(req.scope).toMatch(/^\d{8}\/eu-west-1\/route53resolver\/aws4_request$/);
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/');
    expect(req.target).toBe('Route53Resolver.ListResolverEndpoints');
    expect(req.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(req.body)).toEqual({ MaxResults: 100 });
  });

  it('is checked by a verifier that rejects a request signed with another secret', async () => {
    const s = await serve(() => ({ body: {} }));
    const wrong = base(s.url, {
      credentials: async () => ({ accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' }),
    });
    await client(ROUTE53_RESOLVER, wrong).send({ operation: 'ListResolverEndpoints' });
    expect(s.requests[0].signatureProblem).toMatch(/^signature mismatch/);
  });

  it('follows NextToken through every page', async () => {
    const s = await serve((req) => {
      const token = (JSON.parse(req.body) as { NextToken?: string }).NextToken;
      if (!token) return { body: { ResolverRules: [{ Id: 'r1' }], NextToken: 'p2' } };
      if (token === 'p2') return { body: { ResolverRules: [{ Id: 'r2' }], NextToken: 'p3' } };
      return { body: { ResolverRules: [{ Id: 'r3' }] } };
    });
    const rules = await jsonPages(client(), { operation: 'ListResolverRules' }, (p) => p.ResolverRules as unknown[]);
    expect(rules).toEqual([{ Id: 'r1' }, { Id: 'r2' }, { Id: 'r3' }]);
    expect(s.requests.map((r) => JSON.parse(r.body))).toEqual([{}, { NextToken: 'p2' }, { NextToken: 'p3' }]);
    expect(s.requests.every((r) => r.signatureProblem === undefined)).toBe(true);
  });

  it('reads a refusal as the SDK does: the code from the body, an access-denied gap', async () => {
    await serve(() => ({
      status: 400,
      body: { __type: 'com.amazonaws.route53resolver#AccessDeniedException', message: 'not authorized' },
    }));
    const err = await failure(client().send({ operation: 'ListResolverEndpoints' }));
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toBe('not authorized');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(classifyError(err)).toBe('access-denied');
    // A refusal is final: not retried.
    expect(server?.requests).toHaveLength(1);
  });

  it('reads the code from x-amzn-errortype when the header carries it', async () => {
    await serve(() => ({
      status: 400,
      headers: { 'x-amzn-errortype': 'UnrecognizedClientException:http://internal.amazon.com/' },
      body: { message: 'The security token included in the request is invalid.' },
    }));
    const err = await failure(client().send({ operation: 'ListResolverRules' }));
    expect(err.name).toBe('UnrecognizedClientException');
    expect(classifyError(err)).toBe('region-not-enabled');
  });

  it('retries throttling with the adaptive strategy and answers once the service does', async () => {
    let n = 0;
    const s = await serve(() =>
      ++n <= 2
        ? { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } }
        : { body: { FirewallRuleGroupAssociations: [] } },
    );
    const out = await client().send({ operation: 'ListFirewallRuleGroupAssociations' });
    expect(out).toEqual({ FirewallRuleGroupAssociations: [] });
    expect(s.requests).toHaveLength(3);
    expect(s.requests.every((r) => r.signatureProblem === undefined)).toBe(true);
  });

  it('gives up on a throttled call after maxAttempts, with the last answer', async () => {
    const s = await serve(() => ({ status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } }));
    const err = await failure(client().send({ operation: 'ListResolverEndpoints' }));
    expect(err.name).toBe('ThrottlingException');
    expect(classifyError(err)).toBe('error');
    expect(s.requests).toHaveLength(3);
  });

  it('retries a server error (an HTML page) and then names the status', async () => {
    const s = await serve(() => ({ status: 503, headers: { 'content-type': 'text/html' }, body: '<html>down</html>' }));
    const err = await failure(client().send({ operation: 'ListResolverEndpoints' }));
    expect(err.name).toBe('Http503');
    expect(err.$fault).toBe('server');
    expect(s.requests).toHaveLength(3);
  });

  it('refuses an answer that is not a JSON object instead of reading it as empty', async () => {
    await serve(() => ({ body: '{"ResolverEndpoints": [' }));
    const err = await failure(client().send({ operation: 'ListResolverEndpoints' }));
    expect(err.name).toBe('SerializationError');
    await server?.stop();
    await serve(() => ({ body: '[1, 2]' }));
    expect((await failure(client().send({ operation: 'ListResolverEndpoints' }))).name).toBe('SerializationError');
  });

  it('never sends an operation that is not Describe, Get or List', async () => {
    const s = await serve(() => ({ body: {} }));
    await expect(client().send({ operation: 'CreateResolverRule' })).rejects.toThrow(/not a read-only operation/);
    expect(s.requests).toHaveLength(0);
  });

  it('is cut off by the ScanClock call timeout when the service never answers', async () => {
    await serve(() => ({ hang: true }));
    const clock = new ScanClock({ callTimeoutMs: 300, deadlineMs: 30_000 });
    try {
      const limited = clock.limit(client());
      const err = await limited.send({ operation: 'ListResolverEndpoints' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CallTimedOut);
      expect((err as Error).name).toBe('CallTimeout');
    } finally {
      clock.stop();
    }
  });
});

describe('restJson1 (CodeArtifact)', () => {
  it('sends the method, path and query the operation binds, signed for codeartifact', async () => {
    const s = await serve(() => ({ body: { repository: { name: 'npm-store' } } }));
    const out = await client(CODEARTIFACT).send({
      operation: 'DescribeRepository',
      method: 'GET',
      path: '/v1/repository',
      query: { domain: 'corp', 'domain-owner': '111122223333', repository: 'npm store/é' },
    });
    expect(out).toEqual({ repository: { name: 'npm-store' } });
    const [req] = s.requests;
    expect(req.signatureProblem).toBeUndefined();
    expect(req.scope).toMatch(/\/eu-west-1\/codeartifact\/aws4_request$/);
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/v1/repository');
    expect(req.query).toEqual({ domain: 'corp', 'domain-owner': '111122223333', repository: 'npm store/é' });
    expect(req.target).toBeUndefined();
    expect(req.body).toBe('');
  });

  it('pages through next-token in the query string', async () => {
    const s = await serve((req) =>
      req.query['next-token'] === 't2'
        ? { body: { repositories: [{ name: 'b' }] } }
        : { body: { repositories: [{ name: 'a' }], nextToken: 't2' } },
    );
    const repos = await jsonPages(
      client(CODEARTIFACT),
      { operation: 'ListRepositories', method: 'POST', path: '/v1/repositories', query: { 'max-results': '100' } },
      (p) => p.repositories as unknown[],
      'query',
    );
    expect(repos).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(s.requests.map((r) => r.query)).toEqual([
      { 'max-results': '100' },
      { 'max-results': '100', 'next-token': 't2' },
    ]);
    expect(s.requests.every((r) => r.method === 'POST' && r.signatureProblem === undefined)).toBe(true);
  });

  it('reads the restJson1 error code from x-amzn-errortype', async () => {
    await serve(() => ({
      status: 403,
      headers: { 'x-amzn-errortype': 'AccessDeniedException' },
      body: { message: 'User is not authorized to perform: codeartifact:ListRepositories' },
    }));
    const err = await failure(
      client(CODEARTIFACT).send({ operation: 'ListRepositories', method: 'POST', path: '/v1/repositories' }),
    );
    expect(err.name).toBe('AccessDeniedException');
    expect(classifyError(err)).toBe('access-denied');
  });
});

describe('endpoint resolution, as the SDK clients resolve theirs', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('uses the scan’s one endpoint URL over everything else', async () => {
    isolateAwsEnv();
    process.env.AWS_ENDPOINT_URL_ROUTE53RESOLVER = 'http://127.0.0.1:1';
    const url = await resolveEndpoint(ROUTE53_RESOLVER, base('http://127.0.0.1:9/base'));
    expect(url.href).toBe('http://127.0.0.1:9/base');
  });

  it('honours AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL', async () => {
    isolateAwsEnv();
    process.env.AWS_ENDPOINT_URL = 'https://vpce-all.example.internal';
    process.env.AWS_ENDPOINT_URL_ROUTE53RESOLVER = 'https://vpce-r53r.example.internal';
    expect((await resolveEndpoint(ROUTE53_RESOLVER, base(undefined))).host).toBe('vpce-r53r.example.internal');
    expect((await resolveEndpoint(CODEARTIFACT, base(undefined))).host).toBe('vpce-all.example.internal');
  });

  it('builds the regional hostname, FIPS when asked (by option or AWS_USE_FIPS_ENDPOINT), .com.cn in China', async () => {
    isolateAwsEnv();
    expect((await resolveEndpoint(ROUTE53_RESOLVER, base(undefined))).href).toBe(
      'https://route53resolver.eu-west-1.amazonaws.com/',
    );
    expect(
      (await resolveEndpoint(ROUTE53_RESOLVER, base(undefined, { region: 'us-gov-west-1', useFipsEndpoint: true })))
        .href,
    ).toBe('https://route53resolver-fips.us-gov-west-1.amazonaws.com/');
    expect((await resolveEndpoint(CODEARTIFACT, base(undefined, { region: 'cn-north-1' }))).href).toBe(
      'https://codeartifact.cn-north-1.amazonaws.com.cn/',
    );
    process.env.AWS_USE_FIPS_ENDPOINT = 'true';
    expect((await resolveEndpoint(ROUTE53_RESOLVER, base(undefined))).host).toBe(
      'route53resolver-fips.eu-west-1.amazonaws.com',
    );
  });
});
