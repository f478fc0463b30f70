/**
 * `npm run bench:reliability [-- --duration 60 --connections 8 --storage-kill-every 10]`: the local
 * server (`npm start`, its own process, dynalite on disk in another) under a steady load of
 * POST /v1/entitlement while faults are injected, then every answer checked against the audit trail.
 *
 * - The load is a well-behaved caller: every logical request carries its own Idempotency-Key, and a
 *   503, a 409 (still in progress) or a refused connection is retried with the same key (backoff,
 *   at most 20 tries).
 * - Faults: dynalite is killed with SIGKILL every `--storage-kill-every` seconds (the server starts it
 *   again); once, half way, the server itself is killed with SIGKILL and started again (the new server
 *   stops the dynalite the old one left behind).
 * - Then: every request answered 200 is read back at GET /v1/calculations/{id} and must hold the
 *   same receipt; the audit table must hold exactly one record per answered key (nothing lost,
 *   nothing twice); no answer may be a 5xx other than 503.
 *
 * Prints one JSON summary; exit 1 if anything was lost, doubled or answered 500.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from '../../functions/local/dynalite.ts';
import { AUDIT_TABLE, localTableName } from '../../functions/store/tables.ts';
import { ROOT, spawnLocalServer } from './local-server.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '8' },
    'storage-kill-every': { type: 'string', default: '10' },
  },
});
const DURATION_MS = Number(values.duration) * 1000;
const CONNECTIONS = Number(values.connections);
const KILL_EVERY_MS = Number(values['storage-kill-every']) * 1000;
const KEY = 'reliability-key';
const BODY = JSON.parse(readFileSync(join(ROOT, 'events/apigw-http/entitlement/good.json'), 'utf8'))
  .body as string;

interface Running {
  readonly proc: ChildProcess;
  readonly storage: string;
  readonly output: () => string;
}

async function startServer(port: number, dataDir: string): Promise<Running> {
  const proc = spawnLocalServer({ port, dataDir, key: KEY, logLevel: 'ERROR', stderr: 'pipe' });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise<void>((ok, fail) => {
    const timer = setInterval(() => {
      if (out.includes('Ctrl-C to stop.')) {
        clearInterval(timer);
        ok();
      }
    }, 20);
    proc.once('exit', (code) => {
      clearInterval(timer);
      fail(new Error(`server exited ${code}: ${out}`));
    });
  });
  const storage = /dynalite at (http:\/\/\S+?),/.exec(out)?.[1] ?? '';
  return { proc, storage, output: () => out };
}

const stats = {
  logicalRequests: 0,
  attempts: 0,
  ok: 0,
  retried503: 0,
  retried409: 0,
  connectionRefused: 0,
  otherStatuses: {} as Record<string, number>,
  storageKills: 0,
  serverKills: 0,
};
const answered = new Map<string, { calculationId: string; inputHash: string }>();

const gaveUp: string[] = [];

/** True when answered; false when the caller gave up after 20 tries (it comes back after the faults). */
async function oneRequest(port: number, key: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    stats.attempts++;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v1/entitlement`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: BODY,
      });
      const text = await response.text();
      if (response.status === 200) {
        const { receipt } = JSON.parse(text) as { receipt: { calculationId: string; inputHash: string } };
        answered.set(key, receipt);
        stats.ok++;
        return true;
      }
      if (response.status === 503) stats.retried503++;
      else if (response.status === 409) stats.retried409++;
      else {
        stats.otherStatuses[response.status] = (stats.otherStatuses[response.status] ?? 0) + 1;
        return true;
      }
    } catch {
      stats.connectionRefused++;
    }
    await new Promise((ok) => setTimeout(ok, Math.min(2000, 50 * 2 ** attempt)));
  }
  return false;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pension-reliability-'));
  const port = await freePort();
  let server = await startServer(port, dataDir);
  const logs: string[] = [];
  const end = Date.now() + DURATION_MS;
  let serverKilled = false;

  // Faults, beside the load.
  const faults = (async () => {
    while (Date.now() < end - KILL_EVERY_MS / 2) {
      await new Promise((ok) => setTimeout(ok, KILL_EVERY_MS));
      if (!serverKilled && Date.now() > end - DURATION_MS / 2) {
        serverKilled = true;
        server.proc.kill('SIGKILL');
        await new Promise((ok) => server.proc.once('exit', ok));
        logs.push(server.output());
        stats.serverKills++;
        server = await startServer(port, dataDir);
        continue;
      }
      try {
        process.kill(Number(readFileSync(join(dataDir, 'dynamodb.pid'), 'utf8')), 'SIGKILL');
        stats.storageKills++;
      } catch {
        // between a kill and its restart: try again next time
      }
    }
  })();

  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const key = `req-${next++}`;
        stats.logicalRequests++;
        if (!(await oneRequest(port, key))) gaveUp.push(key);
      }
    }),
  );
  await faults;
  // A caller that gave up during the faults tries again later with the same key: it must get the
  // one calculation its first tries may already have recorded, not a second.
  for (const key of gaveUp) {
    if (!(await oneRequest(port, key)))
      stats.otherStatuses.gaveUpTwice = (stats.otherStatuses.gaveUpTwice ?? 0) + 1;
  }

  // Every answer against the audit trail.
  let recordsChecked = 0;
  const missing: string[] = [];
  for (const receipt of answered.values()) {
    const response = await fetch(`http://127.0.0.1:${port}/v1/calculations/${receipt.calculationId}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    recordsChecked++;
    const record = response.status === 200 ? ((await response.json()) as { inputHash: string }) : undefined;
    if (record?.inputHash !== receipt.inputHash) missing.push(receipt.calculationId);
  }
  const client = new DynamoDBClient({
    endpoint: server.storage,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let stored = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: localTableName(AUDIT_TABLE),
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    stored += page.Count ?? 0;
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  client.destroy();
  server.proc.kill('SIGTERM');
  await new Promise((ok) => server.proc.once('exit', ok));
  logs.push(server.output());
  rmSync(dataDir, { recursive: true, force: true });
  const errors = logs.flatMap((l) => l.split('\n')).filter((l) => l.includes('"level":"ERROR"'));

  const summary = {
    durationSeconds: DURATION_MS / 1000,
    connections: CONNECTIONS,
    ...stats,
    gaveUpThenRetried: gaveUp.length,
    answeredKeys: answered.size,
    recordsChecked,
    missingOrDifferent: missing.length,
    auditRecordsStored: stored,
    pass:
      missing.length === 0 &&
      stored === answered.size &&
      Object.keys(stats.otherStatuses).length === 0 &&
      stats.storageKills > 0,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (!summary.pass) for (const line of errors.slice(0, 10)) process.stderr.write(`${line}\n`);
  if (!summary.pass) process.exitCode = 1;
}

await main();
