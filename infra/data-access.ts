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
};
