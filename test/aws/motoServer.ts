/**
 * Starts moto's AWS API emulator on a free loopback port for one test file, and stops it afterwards.
 * Also points the SDK at dummy credentials and away from the user's own config, so a test can never
 * reach a real account.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_SERVICES, type AwsService } from '../../src/aws/collectors.js';

/**
 * Services moto 5.2.1 does not (fully) implement: ECR pull-through cache rules, CodeArtifact, Bedrock
 * guardrails and Route 53 Resolver DNS Firewall answer HTTP 500 there, which a scan would retry and
 * report as gaps. Scans against moto read the other services; those four are tested against the SDK
 * mock and a local JSON-protocol server (storesB.*).
 */
const NOT_IN_MOTO: ReadonlySet<AwsService> = new Set(['ecr', 'codeartifact', 'bedrock-guardrails', 'route53resolver']);
export const MOTO_SERVICES: readonly AwsService[] = AWS_SERVICES.filter((s) => !NOT_IN_MOTO.has(s));

export interface Moto {
  url: string;
  port: number;
  stop(): Promise<void>;
  reset(): Promise<void>;
}

export function isolateAwsEnv(): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${log()}`);
    try {
      const res = await fetch(`${url}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`moto did not start within 60 s: ${log()}`);
}

/** The last characters of moto's log, for an error message. */
function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  // moto logs one line per request on stderr, under a lock all its request threads share. Through a pipe to
  // this process, the log stops draining whenever the event loop is blocked (a CLI run through spawnSync):
  // after 64 KiB, about a thousand requests, the write blocks and moto answers nothing more. A file never
  // blocks the writer.
  const logDir = mkdtempSync(join(tmpdir(), 'moto-log-'));
  const logFile = join(logDir, 'moto.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', logFd],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  const removeLog = () => rmSync(logDir, { recursive: true, force: true });
  try {
    await waitUntilUp(url, child, () => tail(logFile));
  } catch (e) {
    child.kill('SIGKILL');
    removeLog();
    throw e;
  }
  return {
    url,
    port,
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      removeLog();
    },
  };
}
