/**
 * `npm start`: the HTTP API on this machine. Starts the embedded DynamoDB (dynalite, persisted under
 * DATA_DIR), creates the tables of functions/store/tables.ts when missing, then serves every route
 * of functions/routes.ts by turning each request into an API Gateway HTTP API v2 event and calling
 * the same handler module Lambda runs. Loopback only unless HOST says otherwise.
 *
 * Environment: PORT (3000), HOST (127.0.0.1), DATA_DIR (.data), LOCAL_API_KEYS, PSEUDONYM_KEY,
 * DYNAMODB_ENDPOINT (use that server instead of starting dynalite).
 *
 * Tests and other tools start it in-process with `startLocalServer()`; one server per process, since
 * the handlers read their configuration (store endpoint, keys) from process.env as in Lambda.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Handler } from 'aws-lambda';
import { ROUTES, type Route } from '../routes.ts';
import { logger } from '../shared/logger.ts';
import { problem } from '../shared/problem.ts';
import { storeClient } from '../store/client.ts';
import { ensureTables } from '../store/ensure-tables.ts';
import { lambdaContext, pathMatcher, toEvent, writeResult } from './apigw.ts';
import { startDynalite } from './dynalite.ts';
import { type ApiKeys, keysSpec, loadOrCreateSecrets } from './secrets.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAX_BODY_BYTES = 1024 * 1024;
/** A request, headers and body, must arrive within this time (a slow client cannot hold a socket). */
const REQUEST_TIMEOUT_MS = 30_000;

export interface LocalServerOptions {
  /** 0 = a free port; default PORT or 3000. */
  readonly port?: number;
  readonly host?: string;
  /** Default DATA_DIR or .data; holds the DynamoDB files and the generated secrets. */
  readonly dataDir?: string;
  /** Fixed keys instead of LOCAL_API_KEYS or the generated ones. */
  readonly apiKeys?: ApiKeys;
  /** 'disk' (default) persists under dataDir/dynamodb; 'memory' forgets on close (tests). */
  readonly storage?: 'disk' | 'memory';
  /** dynalite in its own process (default, uses the second core) or in this one. */
  readonly dynalite?: 'child' | 'in-process';
  /** An already running DynamoDB-API endpoint; no dynalite is started. Default DYNAMODB_ENDPOINT. */
  readonly dynamodbEndpoint?: string;
  /** How long a request may take to arrive (default 30 s; tests shorten it). */
  readonly requestTimeoutMs?: number;
}

export interface LocalServer {
  readonly url: string;
  readonly keys: ApiKeys;
  readonly keysSource: string;
  readonly dynamodbEndpoint: string;
  readonly dataDir: string;
  /** What starting storage had to do, and its restarts since (dynalite's notices). */
  readonly notices: readonly string[];
  close(): Promise<void>;
}

interface LoadedRoute {
  readonly route: Route;
  readonly match: (path: string) => Record<string, string> | undefined;
  readonly handler: Handler;
}

/** Imports each route's handler module; a module not written yet is skipped with a log line. */
async function loadRoutes(): Promise<LoadedRoute[]> {
  const loaded: LoadedRoute[] = [];
  for (const route of ROUTES) {
    const file = join(REPO_ROOT, route.entry);
    if (!existsSync(file)) {
      logger.warn('route skipped: handler module missing', { route: route.name, entry: route.entry });
      continue;
    }
    const module = (await import(pathToFileURL(file).href)) as { handler?: Handler };
    if (typeof module.handler !== 'function') {
      logger.warn('route skipped: module exports no handler', { route: route.name, entry: route.entry });
      continue;
    }
    loaded.push({ route, match: pathMatcher(route.path), handler: module.handler });
  }
  return loaded;
}

/** The body, or undefined as soon as it is over the limit (the rest is never read). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolveBody(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolveBody(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** 413 without reading the body; the connection closes, since the unread body would follow. */
function refuseTooLarge(res: ServerResponse): void {
  sendProblem(res, 413, 'too-large', 'Payload too large', `The body exceeds ${MAX_BODY_BYTES} bytes.`, {
    connection: 'close',
  });
}

function sendProblem(
  res: ServerResponse,
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra = {},
) {
  const body = JSON.stringify(problem(status, slug, title, detail));
  res.writeHead(status, { 'content-type': 'application/problem+json', ...extra });
  res.end(body);
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? '.data');
  const secrets = loadOrCreateSecrets(dataDir, options.apiKeys);
  const endpointGiven = options.dynamodbEndpoint ?? process.env.DYNAMODB_ENDPOINT;
  const dynalite = endpointGiven
    ? undefined
    : await startDynalite({
        mode: options.dynalite ?? 'child',
        ...(options.storage === 'memory' ? {} : { path: join(dataDir, 'dynamodb') }),
      });
  const endpoint = endpointGiven ?? (dynalite?.endpoint as string);

  // The handlers are Lambda code: they read their configuration from the environment.
  const saved = Object.fromEntries(
    ['DYNAMODB_ENDPOINT', 'LOCAL_API_KEYS', 'PSEUDONYM_KEY', 'DATA_DIR'].map((k) => [k, process.env[k]]),
  );
  process.env.DYNAMODB_ENDPOINT = endpoint;
  // The policy workbench keeps its blobs (case sets, reports) under DATA_DIR/policy.
  process.env.DATA_DIR = dataDir;
  process.env.LOCAL_API_KEYS = keysSpec(secrets.keys);
  process.env.PSEUDONYM_KEY = secrets.pseudonymKey;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  try {
    await ensureTables(storeClient(endpoint));
  } catch (error) {
    await dynalite?.close();
    throw error;
  }
  const routes = await loadRoutes();

  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const server = createServer(
    // Node answers 408 and closes a connection whose request has not fully arrived in time; the
    // check runs every connectionsCheckingInterval.
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(1000, requestTimeout),
    },
    async (req, res) => {
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const candidates = routes.map((r) => ({ r, params: r.match(url.pathname) })).filter((c) => c.params);
        if (candidates.length === 0) return sendProblem(res, 404, 'not-found', 'Not found', 'No such route.');
        // HEAD is answered as GET (Node leaves the body out), as the CDK API routes a page's HEAD.
        const method = req.method === 'HEAD' ? 'GET' : req.method;
        const hit = candidates.find((c) => c.r.route.method === method);
        if (!hit) {
          const allow = candidates.map((c) => c.r.route.method).join(', ');
          return sendProblem(res, 405, 'method-not-allowed', 'Method not allowed', `Use ${allow}.`, {
            allow,
          });
        }
        if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return refuseTooLarge(res);
        const body = await readBody(req);
        if (!body) return refuseTooLarge(res);
        const event = toEvent(req, url, hit.r.route, hit.params ?? {}, body);
        const requestId = event.requestContext.requestId;
        const result = await hit.r.handler(event, lambdaContext(hit.r.route, requestId), () => undefined);
        writeResult(res, result, requestId);
      } catch (error) {
        logger.error('local server: handler threw', { error: error as Error });
        if (!res.headersSent)
          sendProblem(res, 500, 'internal', 'Internal error', 'The request could not be completed.');
      }
    },
  );
  server.keepAliveTimeout = 65_000;
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const address = server.address() as { port: number };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    keys: secrets.keys,
    keysSource: secrets.keysSource,
    dynamodbEndpoint: endpoint,
    dataDir,
    notices: dynalite?.notices ?? [],
    close: () => {
      closing ??= (async () => {
        // Stop accepting, let requests in flight finish (bounded), then stop storage under them.
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 3000);
        await closed;
        clearTimeout(force);
        storeClient(endpoint).destroy();
        await dynalite?.close();
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      })();
      return closing;
    },
  };
}

/** A path as the README writes it: relative to the project when inside it (".data/…"), else as given. */
function shown(path: string): string {
  const inside = relative(REPO_ROOT, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/**
 * Where the keys are, never the keys: a terminal's scrollback, a shared screen or a CI log would keep
 * them. Local requests need one; they are read from the file (or the variable) named here.
 */
function keysLine(source: string): string {
  if (source === 'LOCAL_API_KEYS') return 'from the LOCAL_API_KEYS variable';
  if (source === 'options') return 'given by the caller';
  return `in ${shown(source)} (one per role)`;
}

/** What `npm start` prints at every start. */
export function startupLines(server: LocalServer): string[] {
  return [
    `Pension API listening on ${server.url}`,
    `  caseworker page  ${server.url}/`,
    `  policy page      ${server.url}/policy`,
    `  screening page   ${server.url}/screening`,
    `  OpenAPI          ${server.url}/openapi.json`,
    `  storage          dynalite at ${server.dynamodbEndpoint}, data in ${shown(server.dataDir)}`,
    ...server.notices.map((notice) => `  note             ${notice}`),
    `  API keys         ${keysLine(server.keysSource)}; send Authorization: Bearer <key>`,
    'Ctrl-C to stop.',
  ];
}

async function main(): Promise<void> {
  const server = await startLocalServer();
  const stop = async (signal: string) => {
    process.stdout.write(`${signal}: stopping\n`);
    await server.close();
    process.exit(0);
  };
  // Before the ready message: a supervisor (a test, a script) may signal as soon as it reads it, and
  // a signal with no handler yet would end this process and leave its dynalite child running.
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.stdout.write(`${startupLines(server).join('\n')}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
