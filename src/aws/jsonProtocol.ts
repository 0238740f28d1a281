/**
 * A small client for AWS services whose SDK client is not published on the version line the other
 * clients are pinned to (Route 53 Resolver, CodeArtifact). Rather than pull a second, older copy of the
 * SDK's core into the dependency tree, it speaks the services' own JSON protocols (awsJson1_1 and
 * restJson1) through the SDK layers already pinned: SigV4 signing (@smithy/signature-v4 with the SDK's
 * SHA-256), the Node HTTP handler with the same timeouts, the SDK's adaptive retry strategy, and the
 * same endpoint settings (one URL for all services, `AWS_ENDPOINT_URL_<SERVICE>`, the shared config's
 * `services` sections, FIPS). `send(request, { abortSignal })` has the shape of an SDK client's, so
 * ScanClock limits it the same way.
 *
 * Read-only by construction: `operation` must be a Get/List/Describe operation, checked before signing.
 *
 * Somewhat over 300 lines because the request, endpoint, error and retry readings of the two protocols are
 * one small SDK substitute; split up, each part would only make sense beside the others.
 */
import { Sha256 } from '@smithy/core/checksum';
import { CONFIG_PREFIX_SEPARATOR, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS } from '@smithy/core/config';
import { AdaptiveRetryStrategy, isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ClientBase } from './context.js';

export interface JsonService {
  /** SigV4 signing name and host label of the regional endpoint: `route53resolver`. */
  signingName: string;
  /** The SDK's service id, which names `AWS_ENDPOINT_URL_<ID>` and the `services` section key. */
  serviceId: string;
  protocol: { kind: 'awsJson1_1'; targetPrefix: string } | { kind: 'restJson1' };
}

export const ROUTE53_RESOLVER: JsonService = {
  signingName: 'route53resolver',
  serviceId: 'Route53Resolver',
  protocol: { kind: 'awsJson1_1', targetPrefix: 'Route53Resolver' },
};

export const CODEARTIFACT: JsonService = {
  signingName: 'codeartifact',
  serviceId: 'codeartifact',
  protocol: { kind: 'restJson1' },
};

export interface JsonRequest {
  /** API operation (`ListResolverEndpoints`). */
  operation: string;
  /** awsJson1_1: the whole body. restJson1: the JSON body of a POST, if any. */
  body?: Record<string, unknown>;
  /** restJson1 only: HTTP method, path and query string. */
  method?: 'GET' | 'POST';
  path?: string;
  query?: Record<string, string | undefined>;
}

/** An error answer, shaped as the SDK shapes its own so `errors.ts` and the retry classifier read it alike. */
export class JsonServiceError extends Error {
  readonly $metadata: { httpStatusCode?: number; requestId?: string };
  readonly $fault: 'client' | 'server';
  constructor(name: string, message: string, status: number | undefined, requestId?: string) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status, requestId };
    this.$fault = status !== undefined && status >= 500 ? 'server' : 'client';
  }
}

const READ_ONLY = /^(Describe|Get|List)[A-Z]/;

/** The adaptive strategy hands out standard tokens, which its `recordSuccess` takes back. */
type RetryToken = Parameters<AdaptiveRetryStrategy['recordSuccess']>[0];

export class JsonProtocolClient {
  private readonly handler: NodeHttpHandler;
  private readonly retry: AdaptiveRetryStrategy;
  private readonly signer: SignatureV4;
  private endpoint?: Promise<URL>;

  constructor(
    readonly service: JsonService,
    private readonly config: ClientBase,
  ) {
    const rh = config.requestHandler;
    this.handler = new NodeHttpHandler(
      rh
        ? {
            connectionTimeout: rh.connectionTimeout,
            requestTimeout: rh.requestTimeout,
            throwOnRequestTimeout: rh.throwOnRequestTimeout,
          }
        : {},
    );
    this.retry = new AdaptiveRetryStrategy(config.maxAttempts);
    this.signer = new SignatureV4({
      service: service.signingName,
      region: config.region,
      credentials: config.credentials ?? missingCredentials,
      sha256: Sha256,
    });
  }

  destroy(): void {
    this.handler.destroy();
  }

  /** One operation, retried as the SDK retries (throttling, transient and server errors). */
  async send(request: JsonRequest, options: { abortSignal?: AbortSignal } = {}): Promise<unknown> {
    if (!READ_ONLY.test(request.operation))
      throw new Error(`${request.operation} is not a read-only operation; this client only reads`);
    let token = (await this.retry.acquireInitialRetryToken(this.service.signingName)) as RetryToken;
    for (;;) {
      try {
        const out = await this.attempt(request, options.abortSignal);
        this.retry.recordSuccess(token);
        return out;
      } catch (err) {
        if (options.abortSignal?.aborted || !(err instanceof Error)) throw err;
        const errorType = retryType(err);
        if (!errorType) throw err;
        try {
          token = (await this.retry.refreshRetryTokenForRetry(token, { errorType })) as RetryToken;
        } catch {
          // No attempt or retry capacity left: the caller sees the last answer, as with the SDK.
          throw err;
        }
      }
    }
  }

  private async attempt(request: JsonRequest, abortSignal: AbortSignal | undefined): Promise<unknown> {
    const url = await (this.endpoint ??= resolveEndpoint(this.service, this.config));
    const http = this.httpRequest(url, request);
    const signed = await this.signer.sign(http);
    const { response } = await this.handler.handle(signed as HttpRequest, abortSignal ? { abortSignal } : {});
    const text = await readBody(response.body);
    const requestId = header(response.headers, 'x-amzn-requestid');
    if (response.statusCode >= 300) throw errorOf(response.statusCode, response.headers, text, requestId);
    if (text.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      return parsed;
    } catch {
      throw new JsonServiceError(
        'SerializationError',
        `${request.operation} answered HTTP ${response.statusCode} with a body that is not a JSON object: ${text.slice(0, 120)}`,
        response.statusCode,
        requestId,
      );
    }
  }

  private httpRequest(url: URL, request: JsonRequest): HttpRequest {
    const base = url.pathname.replace(/\/+$/, '');
    const headers: Record<string, string> = { host: url.host };
    if (this.service.protocol.kind === 'awsJson1_1') {
      const body = JSON.stringify(request.body ?? {});
      headers['content-type'] = 'application/x-amz-json-1.1';
      headers['x-amz-target'] = `${this.service.protocol.targetPrefix}.${request.operation}`;
      headers['content-length'] = String(Buffer.byteLength(body));
      return new HttpRequest({ ...origin(url), method: 'POST', path: `${base}/`, headers, body });
    }
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) query[k] = v;
    const body = request.body ? JSON.stringify(request.body) : undefined;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new HttpRequest({
      ...origin(url),
      method: request.method ?? 'GET',
      path: `${base}${request.path ?? '/'}`,
      query,
      headers,
      body,
    });
  }
}

async function missingCredentials(): Promise<never> {
  throw new JsonServiceError('CredentialsProviderError', 'no credentials were given to the client', undefined);
}

function origin(url: URL): { protocol: string; hostname: string; port?: number } {
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
  };
}

/**
 * The endpoint the SDK would use: the scan's one URL, else `AWS_ENDPOINT_URL_<SERVICE>` /
 * `AWS_ENDPOINT_URL` / the profile's `services` section, else the regional (FIPS) hostname.
 */
export async function resolveEndpoint(service: JsonService, config: ClientBase): Promise<URL> {
  if (config.endpoint) return new URL(config.endpoint);
  const configured = await loadConfig<string | undefined>(endpointUrlSelectors(service.serviceId), {
    ...(config.profile ? { profile: config.profile } : {}),
  })();
  if (configured) return new URL(configured);
  const fips =
    config.useFipsEndpoint ??
    (await loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, {
      ...(config.profile ? { profile: config.profile } : {}),
    })());
  return new URL(`https://${service.signingName}${fips ? '-fips' : ''}.${config.region}.${dnsSuffix(config.region)}`);
}

/** The partitions a read-only audit runs in: commercial, China, GovCloud (GovCloud shares the commercial suffix). */
function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

type ConfigProfile = Record<string, string | undefined>;

/** The selectors of the SDK's own configured-endpoint lookup (`getEndpointUrlConfig`), for one service id. */
function endpointUrlSelectors(serviceId: string): Parameters<typeof loadConfig<string | undefined>>[0] {
  return {
    environmentVariableSelector: (env: Record<string, string | undefined>) => {
      if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
      return env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase()}`] || env.AWS_ENDPOINT_URL || undefined;
    },
    configFileSelector: (profile: ConfigProfile, config?: Record<string, ConfigProfile>) => {
      if (profile.ignore_configured_endpoint_urls === 'true') return undefined;
      const section = profile.services
        ? config?.[['services', profile.services].join(CONFIG_PREFIX_SEPARATOR)]
        : undefined;
      const fromSection = section?.[[serviceId.toLowerCase(), 'endpoint_url'].join(CONFIG_PREFIX_SEPARATOR)];
      return fromSection || profile.endpoint_url || undefined;
    },
    default: undefined,
  };
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * An error answer: the code comes from `x-amzn-errortype` or the body's `__type` / `code`, with any
 * namespace (`aws.api#`) or trailing detail (`:http://...`) cut off, as the SDK's JSON protocols do.
 */
function errorOf(
  status: number,
  headers: Record<string, string | undefined>,
  text: string,
  requestId: string | undefined,
): JsonServiceError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // A proxy or load balancer may answer HTML; the status code is then all there is.
  }
  const raw = header(headers, 'x-amzn-errortype') ?? stringField(body, '__type') ?? stringField(body, 'code');
  const code = raw ? raw.split(':')[0].split('#').pop() || raw : `Http${status}`;
  const message =
    stringField(body, 'message') ?? stringField(body, 'Message') ?? (text.trim() ? text.trim() : `HTTP ${status}`);
  return new JsonServiceError(code, message, status, requestId);
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' && v ? v : undefined;
}

/** How the SDK's retry strategy classifies an error, or undefined when it is not retried. */
function retryType(err: Error): 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | undefined {
  const seen = err as Error & { $metadata?: { httpStatusCode?: number }; code?: string };
  // The classifier reads the name, the status and Node's socket error codes (ECONNRESET, ...).
  const shaped = {
    name: seen.name,
    message: seen.message,
    code: seen.code,
    $metadata: { httpStatusCode: seen.$metadata?.httpStatusCode },
  };
  const sdkErr: Parameters<typeof isThrottlingError>[0] = shaped;
  if (isThrottlingError(sdkErr)) return 'THROTTLING';
  if (isTransientError(sdkErr)) return 'TRANSIENT';
  if (isServerError(sdkErr)) return 'SERVER_ERROR';
  return undefined;
}

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Drain a NextToken-paginated listing (both services page alike: `NextToken` in, `NextToken` out). */
export async function jsonPages<I>(
  client: JsonProtocolClient,
  request: JsonRequest,
  items: (page: Record<string, unknown>) => I[] | undefined,
  tokenIn: 'body' | 'query' = 'body',
): Promise<I[]> {
  const out: I[] = [];
  let next: string | undefined;
  for (let page = 0; ; page++) {
    const req: JsonRequest =
      tokenIn === 'body'
        ? { ...request, body: { ...request.body, ...(next ? { NextToken: next } : {}) } }
        : { ...request, query: { ...request.query, ...(next ? { 'next-token': next } : {}) } };
    const answer = (await client.send(req)) as Record<string, unknown>;
    const list = items(answer);
    if (list) out.push(...list);
    const token = answer.NextToken ?? answer.nextToken;
    // A service answering the same token forever would never end the listing.
    if (typeof token !== 'string' || !token || token === next || page > 10_000) return out;
    next = token;
  }
}

/** A non-empty string field of a JSON answer. */
export function jsonString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The objects of a JSON list; anything else in an answer is no resource. */
export function jsonObjects(v: unknown): Array<Record<string, unknown>> {
  return Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x))
    : [];
}
