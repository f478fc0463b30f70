/**
 * The embedded DynamoDB-API server for local use and tests: dynalite, bound to 127.0.0.1 only.
 * - `child` (default): its own process, so it uses the second core and dies with a signal; with a
 *   `path` it persists to LevelDB on disk (DATA_DIR/dynamodb), so records survive restarts.
 * - `in-process`: memory or disk, starts in milliseconds; tests use it to stop and restart storage.
 * dynalite lacks transactions, UpdateTimeToLive and PartiQL; the service uses none of them.
 *
 * A child on disk keeps its pid next to its folder (`<path>.pid`). A server killed with SIGKILL
 * leaves its dynalite running and holding the LevelDB lock: the next start finds it by that pid,
 * checks it is that dynalite on that folder, and stops it. A child that dies while the server runs
 * is started again on the same port and folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';

import { logger } from '../shared/logger.ts';

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
  /** What start-up had to do (an orphan stopped), and restarts since, as sentences for people. */
  readonly notices: readonly string[];
  close(): Promise<void>;
}

const TIMINGS = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };

/** A port free on loopback now (for a server started next). */
export async function freePort(): Promise<number> {
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
    notices: [],
    close: () =>
      new Promise<void>((resolve) => {
        // dynalite closes its LevelDB store when the HTTP server closes.
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

/**
 * Stops the dynalite an earlier server left running on `path`, if the pid file names one that is
 * alive and is that dynalite (its command line, read from /proc); a sentence saying so, or undefined.
 */
async function stopOrphan(path: string): Promise<string | undefined> {
  const pidFile = `${path}.pid`;
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const command = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      return [];
    }
  })();
  rmSync(pidFile, { force: true });
  const ours = command.some((a) => a.endsWith('dynalite/cli.js')) && command.includes(path);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !ours) return undefined;
  process.kill(pid, 'SIGTERM');
  if (!(await waitForExit(pid, 5000))) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 2000);
  }
  return `stopped the storage server (dynalite, pid ${pid}) that an earlier run left behind on ${path}`;
}

async function spawnChild(args: string[]): Promise<ChildProcess> {
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
  return proc;
}

async function child(options: DynaliteOptions): Promise<RunningDynalite> {
  const notices: string[] = [];
  if (options.path) {
    const stopped = await stopOrphan(options.path);
    if (stopped) notices.push(stopped);
  }
  const port = options.port || (await freePort());
  const args = [require.resolve('dynalite/cli.js'), '--host', '127.0.0.1', '--port', String(port)];
  for (const [k, v] of Object.entries(TIMINGS)) args.push(`--${k}`, String(v));
  if (options.path) args.push('--path', options.path);
  const pidFile = options.path ? `${options.path}.pid` : undefined;
  let closing = false;
  let proc = await spawnChild(args);
  const watch = (p: ChildProcess) => {
    if (pidFile) writeFileSync(pidFile, `${p.pid}\n`, { mode: 0o600 });
    p.once('exit', (code, signal) => {
      if (closing) return;
      notices.push(
        `the storage server (dynalite) stopped (${signal ?? `exit ${code}`}) and was started again`,
      );
      logger.warn('dynalite stopped; starting it again', { code, signal });
      void spawnChild(args).then(
        (next) => {
          proc = next;
          watch(next);
        },
        (error: Error) => logger.error('dynalite could not be started again', { error }),
      );
    });
  };
  watch(proc);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    notices,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (pidFile) rmSync(pidFile, { force: true });
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
