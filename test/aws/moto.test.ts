/**
 * Live-scan integration tests against moto's AWS API emulator. One emulator (and one deployment) serves
 * every suite, since starting and warming it costs more than all the scans together.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { collectionSuite } from './collection.suite.js';
import { deploy, type Deployment } from './deployment.js';
import { emptyAccountSuite } from './emptyAccount.suite.js';
import { endpointSuite } from './endpoints.suite.js';
import { startFaultProxy, type FaultProxy } from './faultProxy.js';
import { faultSuite } from './faults.suite.js';
import { isolateAwsEnv, startMoto, type Moto } from './motoServer.js';

export interface LiveEnv {
  moto: Moto;
  proxy: FaultProxy;
  deployment: Deployment;
}

// A scan takes a second or two; CI runs this beside heavier suites on two cores, so allow for a slow one.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const env = {} as LiveEnv;

beforeAll(async () => {
  isolateAwsEnv();
  env.moto = await startMoto();
  env.deployment = await deploy(env.moto.url);
  env.proxy = await startFaultProxy(env.moto.url);
}, 120_000);

afterAll(async () => {
  await env.proxy?.stop();
  await env.moto?.stop();
});

collectionSuite(env);
faultSuite(env);
endpointSuite(env);
emptyAccountSuite(env);
