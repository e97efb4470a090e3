/**
 * The world both browser suites' dashboard flows start from: the sandbox, the
 * demo web app holding alice's session (bound to her MacBook, the device the
 * test browser "is"), and a second app holding bob's already expired session.
 */
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { amplifyEntries, type DemoTokens, mintTokens, serveDemoApp } from '../../scripts/demo-app';

/** alice's MacBook in the demo seed. */
export const MACBOOK = 'us-east-1_cd403368-822b-57b5-9434-64f375a42485';

export interface DemoFixture {
  sandbox: Sandbox;
  /** The web app with alice's session. */
  app: Awaited<ReturnType<typeof serveDemoApp>>;
  /** The web app with bob's session, expired two minutes ago. */
  expiredApp: Awaited<ReturnType<typeof serveDemoApp>>;
  /** Every token the two apps hold. */
  tokens: DemoTokens[];
  close(): Promise<void>;
}

export async function startDemoFixture(): Promise<DemoFixture> {
  const sandbox = await startSandbox({ port: 0 });
  const alice = await mintTokens(sandbox.endpoint, { username: 'alice', deviceKey: MACBOOK });
  const app = await serveDemoApp(amplifyEntries(alice, 'alice', MACBOOK));
  const bob = await mintTokens(sandbox.endpoint, { username: 'bob', expiresIn: -120 });
  const expiredApp = await serveDemoApp(amplifyEntries(bob, 'bob'));
  return {
    sandbox,
    app,
    expiredApp,
    tokens: [alice, bob],
    async close() {
      await app.close();
      await expiredApp.close();
      await sandbox.close();
    },
  };
}
