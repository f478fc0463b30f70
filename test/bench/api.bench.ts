/**
 * `npm run bench:api [-- --duration 30 --connections 10 --runs 1]`: autocannon against the real local
 * server (`npm start`, its own process, with dynalite in another) on POST /v1/entitlement, audit
 * writes on (every request stores its record on disk). Prints requests/s, p50/p99 latency and the
 * count of non-2xx answers per run, then the medians. Target on a 2-core machine: ≥ 2,000 req/s,
 * p99 < 50 ms, zero non-2xx.
 *
 * Each run also prints the CPU time per request of the server, of its storage process and of the
 * load generator (this process), read from /proc: on a shared machine requests/s says more about the
 * neighbours than about the service, while CPU per request does not, and 2 cores divided by their
 * sum is the throughput ceiling.
 *
 * 10 connections by default: a calling system's connection pool (a county office's batch client, an
 * upstream service) of that size already keeps both cores busy here; more connections only queue
 * (p50 ≈ connections ÷ throughput) without adding throughput.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort } from '../../functions/local/dynalite.ts';
import { ROOT, spawnLocalServer } from './local-server.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '10' },
    runs: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3' },
  },
});

async function startServer(port: number, dataDir: string, key: string): Promise<ChildProcess> {
  const proc = spawnLocalServer({
    port,
    dataDir,
    key,
    // The service's own setting (one INFO line per request) unless overridden.
    logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    stderr: 'inherit',
  });
  await new Promise<void>((ok, fail) => {
    proc.once('exit', (code) => fail(new Error(`server exited ${code}`)));
    proc.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('listening on')) ok();
    });
  });
  proc.stdout?.resume();
  return proc;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5) (utime, stime), counted after the ")" that ends field 2; USER_HZ = 100.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The storage process the server started (its only child), if any. */
function childPid(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (pid === undefined || !existsSync(file)) return undefined;
  const first = readFileSync(file, 'utf8').trim().split(' ')[0];
  return first ? Number(first) : undefined;
}

function run(url: string, key: string, body: string, duration: number, connections: number) {
  return autocannon({
    url: `${url}/v1/entitlement`,
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
    duration,
    connections,
  });
}

async function main(): Promise<void> {
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const runs = Number(values.runs);
  const dataDir = mkdtempSync(join(tmpdir(), 'pension-bench-'));
  const port = await freePort();
  const key = `bench-${process.pid}`;
  const body = JSON.parse(readFileSync(join(ROOT, 'events/apigw-http/entitlement/good.json'), 'utf8'))
    .body as string;
  const server = await startServer(port, dataDir, key);
  const url = `http://127.0.0.1:${port}`;
  try {
    await run(url, key, body, Number(values.warmup), connections);
    const results: { rps: number; p50: number; p99: number; non2xx: number; total: number }[] = [];
    const storagePid = childPid(server.pid);
    for (let i = 0; i < runs; i++) {
      const before = { server: cpuMs(server.pid), storage: cpuMs(storagePid), self: process.cpuUsage() };
      const r = await run(url, key, body, duration, connections);
      const self = process.cpuUsage(before.self);
      const perRequest = (now: number | undefined, then: number | undefined) =>
        now === undefined || then === undefined ? 'n/a' : ((now - then) / r.requests.total).toFixed(2);
      const cpu = `CPU ms per request: server ${perRequest(cpuMs(server.pid), before.server)}, storage ${perRequest(cpuMs(storagePid), before.storage)}, load generator ${((self.user + self.system) / 1000 / r.requests.total).toFixed(2)}`;
      const row = {
        rps: Math.round(r.requests.average),
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx + r.errors + r.timeouts,
        total: r.requests.total,
      };
      results.push(row);
      process.stdout.write(
        `run ${i + 1}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx} of ${row.total} (${duration} s, ${connections} connections)\n  ${cpu}\n`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    process.stdout.write(
      `median of ${runs}: ${median(results.map((r) => r.rps))} req/s, p50 ${median(results.map((r) => r.p50))} ms, p99 ${median(results.map((r) => r.p99))} ms, non-2xx ${median(results.map((r) => r.non2xx))}\n`,
    );
  } finally {
    await new Promise<void>((ok) => {
      server.once('exit', () => ok());
      server.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
