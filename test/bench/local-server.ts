/** The local server as the API benchmarks run it: `npm start`'s entry point in a process of its own. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Starts functions/local/server.ts (tsx as a loader, so a signal reaches the server itself) on
 * `port` with its data under `dataDir`, and an API key per role made from `key` (system: the key,
 * caseworker: key-cw, policy: key-p). Its stdout is piped, for the caller to wait on.
 */
export function spawnLocalServer(options: {
  port: number;
  dataDir: string;
  key: string;
  logLevel: string;
  stderr: 'inherit' | 'pipe';
}): ChildProcess {
  const { key } = options;
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'functions/local/server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      LOCAL_API_KEYS: `system:${key},caseworker:${key}-cw,policy:${key}-p`,
      POWERTOOLS_LOG_LEVEL: options.logLevel,
    },
    stdio: ['ignore', 'pipe', options.stderr],
  });
}
