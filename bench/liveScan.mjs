// The live scan's pace: ~2,000 resources deployed into moto (python3 -m moto.server), scanned by the built CLI through
// a loopback proxy that holds every request for a simulated round trip (60 ms) before passing it on, as an AWS
// endpoint a region away would. Reports API requests per resource (every request the proxy saw, retries included) and
// wall time per 1,000 resources, at the default concurrency and at 8 calls in flight (the former fixed pool).
// Run by `npm run bench` (bench/run.mjs), or alone: `node bench/liveScan.mjs` after `npm run build`.
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The SDK's notice about its own future Node support is for maintainers, not for bench output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const REGION = 'us-east-1';
export const ROUND_TRIP_MS = 60;

/** What is deployed: counts per kind, ~2,000 in all, mixing listings (one page for many) and per-item reads. */
const MIX = { securityGroups: 500, subnets: 300, kmsKeys: 250, buckets: 250, logGroups: 300, roles: 200, secrets: 200 };

const ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: REGION,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startMoto() {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/moto-api/data.json`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('moto did not start within 60 s');
}

/** Holds each request `stats.delayMs` (ROUND_TRIP_MS) before forwarding it; counts them. */
function startDelayProxy(target) {
  const upstream = new URL(target);
  const stats = { requests: 0, delayMs: ROUND_TRIP_MS };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      setTimeout(() => {
        const fwd = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: upstream.host },
          },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        fwd.on('error', () => res.destroy());
        fwd.end(Buffer.concat(chunks));
      }, stats.delayMs);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, stats, stop: () => server.close() }),
    ),
  );
}

/** Runs `fn` over 0..n-1, `width` at a time. */
async function inBatches(n, width, fn) {
  for (let i = 0; i < n; i += width)
    await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => fn(i + j)));
}

async function deploy(url) {
  const base = { region: REGION, endpoint: url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const [ec2m, kmsm, s3m, logsm, iamm, smm] = await Promise.all([
    import('@aws-sdk/client-ec2'),
    import('@aws-sdk/client-kms'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-cloudwatch-logs'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-secrets-manager'),
  ]);
  const ec2 = new ec2m.EC2Client(base);
  const vpcs = [];
  for (const cidr of ['10.1.0.0/16', '10.2.0.0/16']) {
    const v = await ec2.send(new ec2m.CreateVpcCommand({ CidrBlock: cidr }));
    vpcs.push(v.Vpc.VpcId);
  }
  await inBatches(MIX.subnets, 20, (i) =>
    ec2.send(
      new ec2m.CreateSubnetCommand({
        VpcId: vpcs[i % 2],
        CidrBlock: `10.${1 + (i % 2)}.${Math.floor(i / 2)}.0/24`,
      }),
    ),
  );
  await inBatches(MIX.securityGroups, 20, (i) =>
    ec2.send(
      new ec2m.CreateSecurityGroupCommand({ GroupName: `bench-${i}`, Description: 'bench', VpcId: vpcs[i % 2] }),
    ),
  );
  const kms = new kmsm.KMSClient(base);
  await inBatches(MIX.kmsKeys, 20, () => kms.send(new kmsm.CreateKeyCommand({})));
  const s3 = new s3m.S3Client({ ...base, forcePathStyle: true });
  await inBatches(MIX.buckets, 20, (i) => s3.send(new s3m.CreateBucketCommand({ Bucket: `bench-bucket-${i}` })));
  const logs = new logsm.CloudWatchLogsClient(base);
  await inBatches(MIX.logGroups, 20, (i) =>
    logs.send(new logsm.CreateLogGroupCommand({ logGroupName: `/bench/${i}` })),
  );
  const iam = new iamm.IAMClient(base);
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  await inBatches(MIX.roles, 20, (i) =>
    iam.send(new iamm.CreateRoleCommand({ RoleName: `bench-${i}`, AssumeRolePolicyDocument: trust })),
  );
  const sm = new smm.SecretsManagerClient(base);
  await inBatches(MIX.secrets, 20, (i) =>
    sm.send(new smm.CreateSecretCommand({ Name: `bench/${i}`, SecretString: 'x' })),
  );
  for (const c of [ec2, kms, s3, logs, iam, sm]) c.destroy();
  return Object.values(MIX).reduce((a, b) => a + b, 0);
}

function scan(endpoint, extra) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [
        CLI,
        'scan',
        '--aws',
        '--endpoint-url',
        endpoint,
        '--region',
        REGION,
        '--format',
        'json',
        '--output',
        '/dev/null',
        '--fail-on',
        'none',
        '--quiet',
        ...extra,
      ],
      { env: { ...process.env, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`scan exited ${code}: ${stderr.slice(0, 300)}`));
      else resolve(ms);
    });
  });
}

export async function measureLiveScan() {
  const moto = await startMoto();
  try {
    const resources = await deploy(moto.url);
    const proxy = await startDelayProxy(moto.url);
    const runs = [];
    try {
      // The run without delay shows what the emulator and this machine cost by themselves.
      for (const [label, extra, delayMs] of [
        ['default concurrency', [], ROUND_TRIP_MS],
        ['--concurrency 8 (the former fixed pool)', ['--concurrency', '8'], ROUND_TRIP_MS],
        ['default concurrency, no added round trip', [], 0],
      ]) {
        proxy.stats.requests = 0;
        proxy.stats.delayMs = delayMs;
        const ms = await scan(proxy.url, extra);
        const calls = proxy.stats.requests;
        runs.push({
          label,
          roundTripMs: delayMs,
          ms: Math.round(ms),
          calls,
          callsPerResource: Math.round((calls / resources) * 100) / 100,
          msPer1000Resources: Math.round(ms / (resources / 1000)),
        });
      }
    } finally {
      proxy.stop();
    }
    return { resources, mix: MIX, roundTripMs: ROUND_TRIP_MS, region: REGION, runs };
  } finally {
    moto.child.kill('SIGTERM');
  }
}

export function printLiveScan(live) {
  if (live.skipped) {
    console.log(`live scan: ${live.skipped}`);
    return;
  }
  console.log(
    `\nlive scan of ${live.resources} resources in moto, ${live.roundTripMs} ms simulated round trip (one region):`,
  );
  for (const r of live.runs)
    console.log(
      `  ${r.label.padEnd(42)} ${r.ms} ms, ${r.calls} requests = ${r.callsPerResource} per resource, ${r.msPer1000Resources} ms per 1,000 resources`,
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printLiveScan(await measureLiveScan());
