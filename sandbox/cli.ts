/**
 * `npm run sandbox -- [--port N] [--seed FILE]`: starts the sandbox on
 * 127.0.0.1 and prints exactly one JSON line on stdout when it listens,
 * `{"event":"listening","endpoint":"http://127.0.0.1:PORT"}`. Everything else
 * goes to stderr. SIGINT / SIGTERM close it cleanly (exit 0); a bad argument
 * or seed exits 2 with one line saying what is wrong.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, DEFAULT_SEED, startSandbox } from './server';

function fail(message: string): never {
  console.error(`sandbox: ${message}`);
  process.exit(2);
}

let values: { port?: string; seed?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { port: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  console.error(`usage: npm run sandbox -- [--port N (default ${DEFAULT_PORT}, 0 = any)] [--seed FILE]`);
  process.exit(0);
}
const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be an integer from 0 to 65535, got ${values.port}`);

try {
  const sandbox = await startSandbox({ port, seed: values.seed ?? DEFAULT_SEED });
  process.stdout.write(`${JSON.stringify({ event: 'listening', endpoint: sandbox.endpoint })}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`sandbox: ${signal}, closing`);
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`sandbox: close failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  fail((e as Error).message);
}
