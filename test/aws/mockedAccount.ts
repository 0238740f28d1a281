/**
 * The account the collector tests with mocked SDK clients (`*.mock.test.ts`) scan: its identity answered by STS,
 * no credentials or endpoints from the environment, and every mock restored after each test.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach } from 'vitest';
import { isolateAwsEnv } from './motoServer.js';

export const ACCOUNT = '111122223333';

interface Stub {
  restore(): void;
}
const mocks: Stub[] = [];

/** A client mock restored after the test; unscripted commands answer as the mock library does (undefined). */
export function track<T extends Stub>(stub: T): T {
  mocks.push(stub);
  return stub;
}

/** A client mock restored after the test whose unscripted commands answer an empty result, as an empty account. */
export function mock<T extends Stub & { onAnyCommand(): { resolves(response: never): unknown } }>(stub: T): T {
  stub.onAnyCommand().resolves({} as never);
  return track(stub);
}

/** An error as the SDK throws it for an HTTP error answer. */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** Registers, for every test of the calling file, the environment and STS identity of `ACCOUNT`. */
export function useMockedAccount(): void {
  beforeEach(() => {
    isolateAwsEnv();
    mock(mockClient(STSClient))
      .on(GetCallerIdentityCommand)
      .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:role/auditor` });
  });
  afterEach(() => {
    for (const m of mocks.splice(0)) m.restore();
  });
}
