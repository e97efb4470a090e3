/**
 * The sandbox as a process (`sandbox/cli.ts`, what `npm run sandbox` runs):
 * exactly one JSON line on stdout when listening, a clean stop on SIGTERM,
 * a clear error for a bad seed, and the real AWS CLI (Debian's /usr/bin/aws)
 * signing in, listing, updating and forgetting against it.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, CLIENT_ID, IAM, notRememberedOf, POOL_ID, rememberedOf } from './helpers';

const root = new URL('../../../', import.meta.url).pathname;
/** node itself runs the CLI (tsx as a loader), so signals reach the server, not a wrapper. */
const node = process.execPath;
const cli = ['--import', 'tsx', 'sandbox/cli.ts'];

interface Running {
  child: ChildProcessWithoutNullStreams;
  firstLine: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

function startCli(args: string[]): Promise<Running> {
  const child = spawn(node, [...cli, ...args], { cwd: root });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${err}`)), 20_000);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, firstLine: out.slice(0, nl), stdout: () => out, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited ${code}: ${err}`));
    });
  });
}

describe('npm run sandbox', () => {
  let running: Running;
  let endpoint: string;
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-awscli-'));
  const emptyConfig = join(dir, 'config');
  writeFileSync(emptyConfig, '');
  const aws = (...args: string[]) => {
    const r = spawnSync(
      '/usr/bin/aws',
      [
        'cognito-idp',
        ...args,
        '--endpoint-url',
        endpoint,
        '--region',
        'us-east-1',
        '--no-cli-pager',
        '--output',
        'json',
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_CONFIG_FILE: emptyConfig,
          AWS_SHARED_CREDENTIALS_FILE: emptyConfig,
          AWS_ACCESS_KEY_ID: IAM.accessKeyId,
          AWS_SECRET_ACCESS_KEY: IAM.secretAccessKey,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_MAX_ATTEMPTS: '1',
        },
      },
    );
    if (r.error) throw new Error(`cannot run /usr/bin/aws (apt-get install awscli): ${r.error.message}`);
    return {
      code: r.status,
      json: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {},
      stderr: r.stderr,
    };
  };

  beforeAll(async () => {
    running = await startCli(['--port', '0']);
    endpoint = (JSON.parse(running.firstLine) as { endpoint: string }).endpoint;
  });
  afterAll(() => {
    if (running.child.exitCode === null) running.child.kill('SIGTERM');
  });

  it('prints exactly {"event":"listening","endpoint":"http://127.0.0.1:PORT"}', () => {
    expect(running.firstLine).toMatch(/^\{"event":"listening","endpoint":"http:\/\/127\.0\.0\.1:\d+"\}$/);
  });

  it('the AWS CLI signs in, lists, updates and forgets', () => {
    const auth = aws(
      'initiate-auth',
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--client-id',
      CLIENT_ID,
      '--auth-parameters',
      `USERNAME=alice,PASSWORD=${ALICE.password}`,
    );
    expect(auth.code, auth.stderr).toBe(0);
    const token = (auth.json.AuthenticationResult as { AccessToken: string }).AccessToken;
    expect(token.split('.')).toHaveLength(3);

    const listed = aws('list-devices', '--access-token', token);
    expect(listed.code, listed.stderr).toBe(0);
    expect((listed.json.Devices as unknown[]).length).toBe(rememberedOf('alice').length);

    const key = rememberedOf('alice')[0]?.key ?? '';
    const updated = aws(
      'update-device-status',
      '--access-token',
      token,
      '--device-key',
      key,
      '--device-remembered-status',
      'not_remembered',
    );
    expect(updated.code, updated.stderr).toBe(0);
    const after = aws('list-devices', '--access-token', token);
    expect((after.json.Devices as { DeviceKey: string }[]).map((d) => d.DeviceKey)).not.toContain(key);

    const forgotten = aws('forget-device', '--access-token', token, '--device-key', key);
    expect(forgotten.code, forgotten.stderr).toBe(0);
    const again = aws('forget-device', '--access-token', token, '--device-key', key);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('(ResourceNotFoundException)');
  });

  it('the AWS CLI signs the Admin operations with SigV4 and sees every device', () => {
    const listed = aws('admin-list-devices', '--user-pool-id', POOL_ID, '--username', 'alice');
    expect(listed.code, listed.stderr).toBe(0);
    const keys = (listed.json.Devices as { DeviceKey: string }[]).map((d) => d.DeviceKey);
    expect(keys).toContain(notRememberedOf('alice')[0]?.key);
    const users = aws('list-users', '--user-pool-id', POOL_ID, '--filter', 'username ^= "al"');
    expect(users.code, users.stderr).toBe(0);
    expect((users.json.Users as { Username: string }[]).map((u) => u.Username)).toEqual(['alice']);
    const bad = spawnSync('/usr/bin/aws', ['--version'], { encoding: 'utf8' });
    expect(bad.status).toBe(0);
  });

  it('the AWS CLI reports a rejected token as NotAuthorizedException', () => {
    const r = aws('get-user', '--access-token', 'aaa.bbb.ccc');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('(NotAuthorizedException)');
    expect(r.stderr).toContain('Invalid Access Token');
  });

  it('stops cleanly on SIGTERM with nothing else on stdout', async () => {
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.stdout().trim().split('\n')).toHaveLength(1);
  });
});

describe('bad start-up input', () => {
  it('a bad seed exits 2 naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ iam: [], pools: [{ id: 'no-underscore', clients: [], users: [] }] }));
    const r = spawnSync(node, [...cli, '--port', '0', '--seed', file], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('pools[0].id');
  });

  it('a bad port exits 2', () => {
    const r = spawnSync(node, [...cli, '--port', 'abc'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port');
  });
});
