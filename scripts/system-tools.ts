/**
 * System tools the tests need from Debian (Chromium for e2e, the AWS CLI for
 * the sandbox's conformance tests). Never downloads a browser build or a
 * binary of its own: it installs the distribution package, or says how to.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/** Debian's AWS CLI, by full path (another `aws` may come first on PATH). */
export const AWS_CLI = '/usr/bin/aws';

/** The Chromium binary to use: $CHROMIUM_PATH, else Debian's. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

let aptUpdated = false;

/** apt-get install, when we are root on a system that has apt-get. */
function aptInstall(pkg: string): boolean {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return false;
  console.log(`Installing Debian’s ${pkg} package (apt-get install -y ${pkg})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    if (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status !== 0) return false;
    aptUpdated = true;
  }
  return spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env }).status === 0;
}

/** The Chromium path, installed from Debian when missing; one clear line and exit 1 when impossible. */
export function ensureChromium(): string {
  const found = findChromium() ?? (aptInstall('chromium') ? findChromium() : undefined);
  if (found) return found;
  console.error(
    'Chromium not found: install it with `sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium binary), then run again.',
  );
  process.exit(1);
}

/** Debian's AWS CLI, installed when missing; one clear line and exit 1 when impossible. */
export function ensureAwsCli(): string {
  if (existsSync(AWS_CLI) || (aptInstall('awscli') && existsSync(AWS_CLI))) return AWS_CLI;
  console.error(
    'The AWS CLI was not found at /usr/bin/aws: install it with `sudo apt-get install -y awscli`, then run again.',
  );
  process.exit(1);
}

/**
 * Chromium flags to load an unpacked extension on this machine. Both
 * `--disable-extensions-except` and `--load-extension` are needed; the
 * background-networking flags keep Chromium from calling hosts this closed
 * network refuses.
 */
export function extensionLaunchArgs(extensionDir: string, options: { headless: boolean }): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    ...(options.headless ? ['--no-sandbox', '--disable-gpu'] : []),
  ];
}
