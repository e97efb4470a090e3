/**
 * System tools the tests need from Debian (Chromium and Firefox ESR for e2e,
 * the AWS CLI for the sandbox's conformance tests). Never downloads a browser build or a
 * binary of its own: it installs the distribution package, or says how to.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
/** Debian's AWS CLI, by full path (another `aws` may come first on PATH). */
export const AWS_CLI = '/usr/bin/aws';

/** A binary from $`envName` when it exists, else the first of `candidates` that does. */
function findBinary(envName: string, candidates: readonly string[]): string | undefined {
  const fromEnv = process.env[envName];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return candidates.find((p) => existsSync(p));
}

/** The Chromium binary to use: $CHROMIUM_PATH, else Debian's. */
export function findChromium(): string | undefined {
  return findBinary('CHROMIUM_PATH', CHROMIUM_CANDIDATES);
}

/** The Firefox binary to use: $FIREFOX_PATH, else Debian's firefox-esr. */
export function findFirefox(): string | undefined {
  return findBinary('FIREFOX_PATH', FIREFOX_CANDIDATES);
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

/** The Firefox path, Debian's firefox-esr installed when missing; one clear line and exit 1 when impossible. */
export function ensureFirefox(): string {
  const found = findFirefox() ?? (aptInstall('firefox-esr') ? findFirefox() : undefined);
  if (found) return found;
  console.error(
    'Firefox not found: install it with `sudo apt-get install -y firefox-esr` (or set FIREFOX_PATH to a Firefox binary), then run again.',
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
