/**
 * A local HTTP server (127.0.0.1) standing in for a JSON-protocol AWS service: it verifies each request's
 * SigV4 signature with its own implementation of the signing algorithm (node:crypto, not the SDK's
 * signer), records the request, and answers what the test scripts: canned JSON, an error answer, a
 * garbled body, or nothing at all.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDSTORESBTEST', secretAccessKey: 'storesb-secret-key' };

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** X-Amz-Target, for awsJson1_1 services. */
  target?: string;
  /** Why the signature did not verify; undefined when it did. */
  signatureProblem?: string;
  /** The credential scope the request was signed for: `20261202/us-east-1/route53resolver/aws4_request`. */
  scope?: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer (the socket stays open until the server stops). */
  hang?: boolean;
}

export interface JsonServer {
  url: string;
  requests: SeenRequest[];
  stop(): Promise<void>;
}

export async function startJsonServer(answer: (req: SeenRequest) => Answer): Promise<JsonServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = describe(req, Buffer.concat(chunks).toString('utf8'));
      requests.push(seen);
      const a = answer(seen);
      if (a.hang) return;
      const body = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function describe(req: IncomingMessage, body: string): SeenRequest {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const seen: SeenRequest = { method: req.method ?? '', path: url.pathname, query, headers, body };
  if (headers['x-amz-target']) seen.target = headers['x-amz-target'];
  const verified = verifySigV4(seen, url);
  if (typeof verified === 'string') seen.signatureProblem = verified;
  else seen.scope = verified.scope;
  return seen;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string): Buffer => createHmac('sha256', key).update(s, 'utf8').digest();

/** RFC 3986 encoding, as SigV4 canonical query strings use it. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** AWS Signature Version 4, recomputed from the request as received: the scope, or what is wrong. */
function verifySigV4(req: SeenRequest, url: URL): { scope: string } | string {
  const auth = req.headers.authorization;
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    auth ?? '',
  );
  if (!m) return `no SigV4 Authorization header: ${auth}`;
  const [, keyId, scope, signedHeaders, signature] = m;
  if (keyId !== TEST_CREDENTIALS.accessKeyId) return `signed with ${keyId}`;
  const [date, region, service, terminator] = scope.split('/');
  if (terminator !== 'aws4_request') return `bad scope ${scope}`;
  const amzDate = req.headers['x-amz-date'];
  if (!amzDate?.startsWith(date)) return `x-amz-date ${amzDate} does not match the scope date ${date}`;
  const names = signedHeaders.split(';');
  for (const required of ['host', 'x-amz-date']) if (!names.includes(required)) return `${required} not signed`;
  if (req.target && !names.includes('x-amz-target')) return 'x-amz-target not signed';
  const canonicalQuery = [...url.searchParams]
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = names.map((n) => `${n}:${(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = req.headers['x-amz-content-sha256'] ?? sha256(req.body);
  if (payloadHash !== sha256(req.body)) return 'payload hash does not match the body';
  const canonical = [req.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${TEST_CREDENTIALS.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, toSign).toString('hex');
  return expected === signature ? { scope } : `signature mismatch (canonical request:\n${canonical})`;
}
