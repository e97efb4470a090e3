/**
 * The world both browser suites' dashboard flows start from: the sandbox, the
 * demo web app holding alice's session (bound to her MacBook, the device the
 * test browser "is"), and a second app holding bob's already expired session.
 * Both are the demo's minted-session page: Amplify v6's own token store keeps
 * the sandbox's tokens in localStorage (scripts/demo-pages/minted-page.ts).
 */

import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type DemoApp, type DemoTokens, mintedPageUrl, serveDemoApp } from '../../scripts/demo-app';

/** alice's MacBook in the demo seed. */
export const MACBOOK = 'us-east-1_cd403368-822b-57b5-9434-64f375a42485';

/** A demo app whose `url` is its minted-session page (two apps: two origins, so two localStorages). */
export interface FixtureApp {
  url: string;
  close(): Promise<void>;
}

export interface DemoFixture {
  sandbox: Sandbox;
  /** The web app with alice's session. */
  app: FixtureApp;
  /** The web app with bob's session, expired two minutes ago. */
  expiredApp: FixtureApp;
  /** Every token the two apps have handed to their pages so far. */
  tokens(): DemoTokens[];
  close(): Promise<void>;
}

export async function startDemoFixture(): Promise<DemoFixture> {
  const sandbox = await startSandbox({ port: 0 });
  const alice: DemoApp = await serveDemoApp({ endpoint: sandbox.endpoint });
  const bob: DemoApp = await serveDemoApp({ endpoint: sandbox.endpoint, username: 'bob' });
  return {
    sandbox,
    app: { url: mintedPageUrl(alice.url, { username: 'alice', deviceKey: MACBOOK }), close: alice.close },
    expiredApp: { url: mintedPageUrl(bob.url, { username: 'bob', expiresIn: -120 }), close: bob.close },
    tokens: () => [...alice.served(), ...bob.served()],
    async close() {
      await alice.close();
      await bob.close();
      await sandbox.close();
    },
  };
}
