/**
 * AWS's own DynamoDB Local (the Java server AWS publishes) for the integration suites, beside
 * dynalite: it behaves as DynamoDB does where dynalite does not — a failed conditional put can
 * return the item that blocked it (ReturnValuesOnConditionCheckFailure, which Powertools'
 * idempotency layer asks for), UpdateTimeToLive exists, tables and indexes are checked as AWS
 * checks them.
 *
 * The server's jars come from the npm package amplify-dynamodb-simulator, which ships them in
 * `emulator/`. Installing that package would pull ~280 Amplify packages, so only its tarball is
 * fetched (`npm pack`, the registry the project already uses), checked against the integrity
 * pinned here, and unpacked once into node_modules/.cache. Java 17 runs it (.ci/run installs a
 * headless JRE when the machine has none).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../functions/local/dynalite.ts';

/** DynamoDB Local 1.25.1 (2024-11-06), as packed in this version of the npm package. */
const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';
const CACHE = resolve(import.meta.dirname, '../../node_modules/.cache/dynamodb-local', PACKAGE);

export interface RunningDynamoDBLocal {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The folder holding DynamoDBLocal.jar, fetched and unpacked on first use. */
export function dynamoDBLocalHome(): string {
  const home = join(CACHE, 'emulator');
  if (existsSync(join(home, 'DynamoDBLocal.jar'))) return home;
  const work = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', work], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { filename: string }[];
    const tarball = join(work, packed[0]?.filename ?? '');
    const digest = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (digest !== INTEGRITY) throw new Error(`${PACKAGE}: integrity ${digest}, expected ${INTEGRITY}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    mkdirSync(CACHE, { recursive: true });
    rmSync(home, { recursive: true, force: true });
    renameSync(join(work, 'package/emulator'), home);
    return home;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function requireJava(): void {
  try {
    execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new Error(
      'DynamoDB Local needs Java 17 or later on the PATH (Debian: apt-get install openjdk-17-jre-headless)',
    );
  }
}

async function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Starts DynamoDB Local in memory on a free loopback port; resolves once it accepts connections. */
export async function startDynamoDBLocal(): Promise<RunningDynamoDBLocal> {
  requireJava();
  const home = dynamoDBLocalHome();
  const port = await freePort();
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xmx512m',
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: home, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr}`);
    if (await listening(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not listen on ${port} within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
