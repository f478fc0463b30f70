/**
 * What each route's function may do with the data, by route name (functions/routes.ts) and table id
 * (functions/store/tables.ts). Least privilege is stated here, per function, rather than granted
 * wholesale. A route missing from this map still deploys, with the broad default below, and the
 * infra tests fail on it (the app warns at synth) until someone states what it needs.
 */
import type { TableAccess } from './constructs/grants.ts';

export interface FunctionAccess {
  /** Table id → access. Tables not listed are not reachable by the function. */
  readonly tables: Readonly<Record<string, TableAccess>>;
  /** Reads the pseudonymisation key (HMAC of ID numbers) at cold start. */
  readonly pseudonymKey: boolean;
  /** The policy workbench's blobs (case-set lines, reports) in POLICY_BUCKET. */
  readonly policyBucket?: 'read' | 'readwrite';
  /** Longer than the 10 s default, for work done within the request (at most API Gateway's 30 s). */
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

const NONE: FunctionAccess = { tables: {}, pseudonymKey: false };

/** The three calculations: append the audit record, keep idempotency records, HMAC the ID number. */
const CALCULATION: FunctionAccess = {
  tables: { Audit: 'append', Idempotency: 'readwrite' },
  pseudonymKey: true,
};

export const ROUTE_ACCESS: Readonly<Record<string, FunctionAccess>> = {
  eligibility: CALCULATION,
  entitlement: CALCULATION,
  arrears: CALCULATION,
  'rulesets-list': NONE,
  'ruleset-parameters': NONE,
  'calculation-get': { tables: { Audit: 'read' }, pseudonymKey: false },
  openapi: NONE,
  'caseworker-page': NONE,
  'policy-page': NONE,
  // The policy workbench (docs/policy.md): items in the policy table, payloads in the policy bucket.
  'drafts-create': { tables: { Policy: 'readwrite' }, pseudonymKey: false },
  'drafts-get': { tables: { Policy: 'read' }, pseudonymKey: false },
  'case-sets-create': { tables: { Policy: 'readwrite' }, pseudonymKey: false, policyBucket: 'readwrite' },
  // Queues a simulation; the runner that the Policy table's stream starts replays it (service-stack.ts).
  'simulations-create': { tables: { Policy: 'readwrite' }, pseudonymKey: false },
  'simulations-get': { tables: { Policy: 'read' }, pseudonymKey: false, policyBucket: 'read' },
  'simulations-report': { tables: { Policy: 'read' }, pseudonymKey: false, policyBucket: 'read' },
  // Coverage screening: the upload is read and pseudonymised within the request (up to 1 MiB of
  // lists); the runner that the Policy table's stream starts screens it (service-stack.ts).
  'screenings-create': {
    tables: { Policy: 'readwrite' },
    pseudonymKey: true,
    policyBucket: 'readwrite',
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  'screenings-get': { tables: { Policy: 'read' }, pseudonymKey: false },
  'screenings-results': { tables: { Policy: 'read' }, pseudonymKey: false, policyBucket: 'read' },
  'screening-page': NONE,
};
