/**
 * Run by tests/e2e/real-device.test.ts in its own Node process (the browser
 * globals Amplify needs must not meet playwright's process): the real
 * aws-amplify v6 signs in with SRP against the sandbox, confirms the new
 * device itself and remembers it, then prints the localStorage entries it
 * wrote (tokens bound to that device, its deviceKey) as one JSON line.
 * Usage: tsx tests/e2e/amplify-sign-in.ts <endpoint> <poolId> <clientId> <username> <password>
 */
import { storedItems } from '../integration/real-clients/browser-globals';

const [endpoint = '', userPoolId = '', userPoolClientId = '', username = '', password = ''] = process.argv.slice(2);
const { Amplify } = await import('aws-amplify');
const { rememberDevice, signIn } = await import('aws-amplify/auth');
Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint } } });
const result = await signIn({ username, password });
if (!result.isSignedIn) throw new Error(`sign-in stopped at ${result.nextStep.signInStep}`);
await rememberDevice();
process.stdout.write(`${JSON.stringify(storedItems('CognitoIdentityServiceProvider.'))}\n`);
