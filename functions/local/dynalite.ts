/**
 * The embedded DynamoDB-API server for local use and tests: dynalite, bound to 127.0.0.1 only.
 * - `child` (default): its own process, so it uses the second core and dies with a signal; with a
 *   `path` it persists to LevelDB on disk (DATA_DIR/dynamodb), so records survive restarts.
 * - `in-process`: memory or disk, starts in milliseconds; tests use it to stop and restart storage.
 * dynalite lacks transactions, UpdateTimeToLive and PartiQL; the service uses none of them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';

const require = createRequire(import.meta.url);

export interface DynaliteOptions {
  /** LevelDB folder; absent = in memory. */
  readonly path?: string;
  /** 0 or absent = a free port. */
  readonly port?: number;
  readonly mode?: 'child' | 'in-process';
}

export interface RunningDynalite {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

const TIMINGS = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function inProcess(options: DynaliteOptions): Promise<RunningDynalite> {
  const dynalite = require('dynalite') as (o: object) => Server;
  const server = dynalite({ ...TIMINGS, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // dynalite closes its LevelDB store when the HTTP server closes.
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

async function child(options: DynaliteOptions): Promise<RunningDynalite> {
  const port = options.port || (await freePort());
  const args = [require.resolve('dynalite/cli.js'), '--host', '127.0.0.1', '--port', String(port)];
  for (const [k, v] of Object.entries(TIMINGS)) args.push(`--${k}`, String(v));
  if (options.path) args.push('--path', options.path);
  const proc: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`dynalite exited (${code}): ${stderr.trim()}`));
    proc.once('exit', onExit);
    proc.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) {
        proc.off('exit', onExit);
        resolve();
      }
    });
  });
  proc.stdout?.resume();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export async function startDynalite(options: DynaliteOptions = {}): Promise<RunningDynalite> {
  if (options.path) mkdirSync(options.path, { recursive: true, mode: 0o700 });
  return options.mode === 'in-process' ? inProcess(options) : child(options);
}
