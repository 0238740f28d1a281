/**
 * A loopback proxy in front of the emulator that answers chosen requests with AWS error responses in
 * each service's own wire format, so the real SDK (its error parsing and adaptive retry) meets throttling,
 * refusals and disabled regions that the emulator cannot produce; or with a body that is neither XML nor
 * JSON, a reset connection, or no answer at all.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Seen {
  service: string;
  region: string;
  action: string;
}

export type FaultAnswer =
  | { code: string; status: number; message?: string; behaviour?: undefined }
  | { behaviour: 'garble' | 'reset' | 'stall' };

/** `body` is the request's own text, for faults that depend on a parameter (sts:AssumeRole's RoleArn). */
export type Fault = (req: Seen, attempt: number, body: string) => FaultAnswer | undefined;

/** Rewrites an answered body (to emulate what the emulator cannot create); undefined keeps it. */
export type Rewrite = (req: Seen, body: string) => string | undefined;

export interface FaultProxy {
  url: string;
  seen: Seen[];
  setFault(fault: Fault | undefined): void;
  setRewrite(rewrite: Rewrite | undefined): void;
  stop(): Promise<void>;
}

const S3_SUBRESOURCE: Record<string, string> = {
  policy: 'GetBucketPolicy',
  'object-lock': 'GetObjectLockConfiguration',
  encryption: 'GetBucketEncryption',
  publicAccessBlock: 'GetPublicAccessBlock',
  versioning: 'GetBucketVersioning',
  location: 'GetBucketLocation',
};

/** Service and region from the SigV4 credential scope; the action from the protocol's own place for it. */
function identify(req: IncomingMessage, body: string): Seen {
  const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? '');
  const region = scope?.[1] ?? '';
  const service = scope?.[2] ?? '';
  const target = req.headers['x-amz-target'];
  let action = '';
  if (typeof target === 'string') action = target.split('.').pop() ?? '';
  else if (body.includes('Action=')) action = new URLSearchParams(body).get('Action') ?? '';
  else if (service === 's3') {
    const url = new URL(req.url ?? '/', 'http://x');
    const sub = [...url.searchParams.keys()].find((k) => S3_SUBRESOURCE[k]);
    action = sub ? S3_SUBRESOURCE[sub] : url.pathname === '/' ? 'ListBuckets' : `${req.method} ${url.pathname}`;
  } else if (service === 'lambda') {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    action = /runtime-management-config/.test(path)
      ? 'GetRuntimeManagementConfig'
      : /functions\/?$/.test(path)
        ? 'ListFunctions'
        : /functions\/[^/]+$/.test(path)
          ? 'GetFunction'
          : `${req.method} ${path}`;
  } else if (service === 'bedrock') {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    action = /logging\/modelinvocations/.test(path)
      ? 'GetModelInvocationLoggingConfiguration'
      : `${req.method} ${path}`;
  } else action = `${req.method} ${req.url}`;
  return { service, region, action };
}

function errorBody(
  service: string,
  f: { code: string; message?: string },
): { body: string; headers: Record<string, string> } {
  const message = f.message ?? `injected ${f.code}`;
  if (service === 'ec2') {
    return {
      body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${f.code}</Code><Message>${message}</Message></Error></Errors><RequestID>proxy</RequestID></Response>`,
      headers: { 'content-type': 'text/xml' },
    };
  }
  if (service === 'iam' || service === 'sts') {
    return {
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>${f.code}</Code><Message>${message}</Message></Error><RequestId>proxy</RequestId></ErrorResponse>`,
      headers: { 'content-type': 'text/xml' },
    };
  }
  if (service === 's3') {
    return {
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${f.code}</Code><Message>${message}</Message><RequestId>proxy</RequestId></Error>`,
      headers: { 'content-type': 'application/xml' },
    };
  }
  if (service === 'lambda' || service === 'bedrock') {
    return {
      body: JSON.stringify({ message }),
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': f.code },
    };
  }
  return {
    body: JSON.stringify({ __type: f.code, message }),
    headers: { 'content-type': 'application/x-amz-json-1.1' },
  };
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const seen: Seen[] = [];
  const attempts = new Map<string, number>();
  let fault: Fault | undefined;
  let rewrite: Rewrite | undefined;
  const stalled = new Set<ServerResponse>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const info = identify(req, raw.toString('utf8'));
      seen.push(info);
      const key = `${info.service}/${info.region}/${info.action}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const answer = fault?.(info, attempt, raw.toString('utf8'));
      if (answer?.behaviour === 'stall') {
        // Read the request, never answer; the connection stays open until the client gives up.
        stalled.add(res);
        return;
      }
      if (answer?.behaviour === 'reset') {
        req.socket.destroy();
        return;
      }
      if (answer?.behaviour === 'garble') {
        const xml = ['ec2', 'iam', 'sts', 's3'].includes(info.service);
        res.writeHead(200, { 'content-type': xml ? 'text/xml' : 'application/x-amz-json-1.1' });
        res.end('<<<neither xml nor json {{{');
        return;
      }
      if (answer && answer.behaviour === undefined) {
        const { body, headers } = errorBody(info.service, answer);
        res.writeHead(answer.status, { ...headers, 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      const fwd = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (up) => {
          if (!rewrite) {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            const body = rewrite?.(info, text) ?? text;
            const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(body)) };
            delete headers['transfer-encoding'];
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(body);
          });
        },
      );
      fwd.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      fwd.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    setRewrite(r) {
      rewrite = r;
    },
    setFault(f) {
      fault = f;
      for (const res of stalled) res.socket?.destroy();
      stalled.clear();
      seen.length = 0;
      attempts.clear();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
