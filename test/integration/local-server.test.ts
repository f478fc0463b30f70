/**
 * `npm start`'s server, started in-process as other tests start it: real HTTP on a free port, a real
 * dynalite child process persisting under a temporary DATA_DIR, keys generated once with mode 0600.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLocalServer } from '../../functions/local/server.ts';
import { installLogScan } from '../api/support.ts';

installLogScan();

const dataDir = mkdtempSync(join(tmpdir(), 'pension-local-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const CASE = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../events/apigw-http/entitlement/good.json'), 'utf8'),
).body as string;

describe('startLocalServer', () => {
  it('serves the API over HTTP, keeps audit records across a restart, and stops its storage', async () => {
    const saved = process.env.LOCAL_API_KEYS;
    delete process.env.LOCAL_API_KEYS;
    const server = await startLocalServer({ port: 0, dataDir });
    let calculationId: string;
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const keysFile = join(dataDir, 'local-api-keys.json');
      expect(server.keysSource).toBe(keysFile);
      expect(statSync(keysFile).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'pseudonym.key')).mode & 0o777).toBe(0o600);

      const auth = { authorization: `Bearer ${server.keys.caseworker}` };
      const post = await fetch(`${server.url}/v1/entitlement`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: CASE,
      });
      expect(post.status).toBe(200);
      expect(post.headers.get('x-request-id')).toBeTruthy();
      calculationId = ((await post.json()) as { receipt: { calculationId: string } }).receipt.calculationId;

      const anonymous = await fetch(`${server.url}/v1/entitlement`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: CASE,
      });
      expect(anonymous.status).toBe(401);
      expect((await fetch(`${server.url}/v1/nothing-here`)).status).toBe(404);
      expect((await fetch(`${server.url}/v1/entitlement`, { headers: auth })).status).toBe(405);
      const doc = await fetch(`${server.url}/openapi.json`);
      expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
      const query = await fetch(`${server.url}/v1/rulesets/2026.1/parameters?area=620502&date=2020-05-01`, {
        headers: auth,
      });
      expect(query.status).toBe(200);
    } finally {
      await server.close();
    }
    // Storage stopped with the server.
    await expect(fetch(server.dynamodbEndpoint)).rejects.toThrow();

    const again = await startLocalServer({ port: 0, dataDir });
    try {
      expect(again.keys).toEqual(server.keys);
      const get = await fetch(`${again.url}/v1/calculations/${calculationId}`, {
        headers: { authorization: `Bearer ${again.keys.policy}` },
      });
      expect(get.status).toBe(200);
      expect(((await get.json()) as { calculationId: string }).calculationId).toBe(calculationId);
    } finally {
      await again.close();
      if (saved !== undefined) process.env.LOCAL_API_KEYS = saved;
    }
  });

  it('takes fixed keys from the caller', async () => {
    const keys = { system: 'k-system-1', caseworker: 'k-caseworker-1', policy: 'k-policy-1' };
    const server = await startLocalServer({
      port: 0,
      dataDir: join(dataDir, 'fixed'),
      apiKeys: keys,
      storage: 'memory',
    });
    try {
      const answer = await fetch(`${server.url}/v1/rulesets`, {
        headers: { authorization: 'Bearer k-policy-1' },
      });
      expect(answer.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

/** A raw HTTP exchange: what the server answers (status line and all), and when the socket closed. */
function rawRequest(
  port: number,
  head: string,
  bodyParts: readonly string[] = [],
): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      for (const part of bodyParts) socket.write(part);
    });
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.setTimeout(15_000, () => socket.destroy());
  });
}

describe('limits of the local server', () => {
  it('refuses a declared body over 1 MiB at once, without reading it, and times out a slow body', async () => {
    const server = await startLocalServer({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'pension-limits-')),
      storage: 'memory',
      dynalite: 'in-process',
      requestTimeoutMs: 1000,
    });
    try {
      const port = Number(new URL(server.url).port);
      const head = (length: number) =>
        `POST /v1/entitlement HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${server.keys.caseworker}\r\ncontent-length: ${length}\r\n\r\n`;
      // Declared 50 MiB, nothing sent: answered 413 and closed, long before any body could arrive.
      const large = await rawRequest(port, head(50 * 1024 * 1024));
      expect(large.text).toMatch(/^HTTP\/1\.1 413 /);
      expect(large.ms).toBeLessThan(900);
      // A body that stops arriving: 408 and closed within the request timeout (plus the check interval).
      const slow = await rawRequest(port, head(100), ['{"person":']);
      expect(slow.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(slow.ms).toBeGreaterThanOrEqual(900);
      expect(slow.ms).toBeLessThan(5000);
    } finally {
      await server.close();
    }
  });
});

describe('recovery of the local storage', () => {
  it('after kill -9 of the server, the next start stops the dynalite left behind and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pension-orphan-'));
    const start = () => {
      // The server's own process (tsx as a loader, not tsx's wrapper process), as kill -9 would hit it.
      const proc = spawn(process.execPath, ['--import', 'tsx', 'functions/local/server.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATA_DIR: dir, PORT: '0', LOCAL_API_KEYS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const ready = new Promise<string>((resolve, reject) => {
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ctrl-C to stop.')) resolve(out);
        });
        proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
      });
      return { proc, ready };
    };
    const first = start();
    await first.ready;
    const orphan = Number(readFileSync(join(dir, 'dynamodb.pid'), 'utf8'));
    first.proc.kill('SIGKILL');
    await new Promise((resolve) => first.proc.once('exit', resolve));
    expect(() => process.kill(orphan, 0)).not.toThrow(); // still running, holding the store's lock

    const second = start();
    try {
      const out = await second.ready;
      expect(out).toContain(`stopped the storage server (dynalite, pid ${orphan})`);
      expect(() => process.kill(orphan, 0)).toThrow();
    } finally {
      second.proc.kill('SIGTERM');
      await new Promise((resolve) => second.proc.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('starts dynalite again when it dies under a running server, and keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pension-restart-'));
    const server = await startLocalServer({ port: 0, dataDir: dir });
    try {
      const pid = Number(readFileSync(join(dir, 'dynamodb.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      const post = async () =>
        (
          await fetch(`${server.url}/v1/entitlement`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${server.keys.caseworker}`,
              'content-type': 'application/json',
            },
            body: CASE,
          })
        ).status;
      await expect.poll(post, { timeout: 10_000, interval: 200 }).toBe(200);
      expect(server.notices.join('\n')).toContain('stopped (SIGKILL) and was started again');
      expect(Number(readFileSync(join(dir, 'dynamodb.pid'), 'utf8'))).not.toBe(pid);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

/**
 * Runs `npm start`'s entry point (as npm runs it: tsx, from the project folder) until it says it is
 * ready, then stops it with SIGTERM at once and returns what it printed.
 */
async function startOutput(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/server.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  try {
    await new Promise<void>((ready, fail) => {
      child.once('exit', (code) => fail(new Error(`the server exited (${code}) before it was ready`)));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ctrl-C to stop.')) ready();
      });
      child.stderr.resume();
    });
  } finally {
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    // 0: its own handler stopped it (and its dynalite child); a signal ready before the handler would not.
    expect(await exited).toBe(0);
  }
  return out;
}

describe('npm start', () => {
  it('prints where the API keys are, relative to the project, and never the keys, at every start', async () => {
    // Inside the project (as .data is), so the path printed is the one a reader of the README uses.
    const dir = join(REPO_ROOT, 'test-output', `local-keys-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dir };
    for (const name of ['LOCAL_API_KEYS', 'PSEUDONYM_KEY', 'DYNAMODB_ENDPOINT']) delete env[name];
    try {
      const first = await startOutput(env);
      const keysFile = join(dir, 'local-api-keys.json');
      const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as Record<string, string>;
      const second = await startOutput(env);
      for (const output of [first, second]) {
        expect(output).toContain(relative(REPO_ROOT, keysFile));
        expect(output).not.toContain(REPO_ROOT);
        for (const key of Object.values(keys)) expect(output).not.toContain(key);
        expect(output).not.toContain(readFileSync(join(dir, 'pseudonym.key'), 'utf8').trim());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
