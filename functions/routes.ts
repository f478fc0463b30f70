/**
 * Every HTTP route of the service, in one table: the local server dispatches from it, the CDK app
 * creates one Lambda function and one API Gateway route per entry, and the authorization tests
 * walk it. `roles` empty means public. Add a route here and nowhere else.
 */
export const ROLES = ['system', 'caseworker', 'policy'] as const;
export type Role = (typeof ROLES)[number];

export interface Route {
  /** Names the function (kebab-case) and its folder under functions/. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: /v1/rulesets/{id}/parameters */
  readonly path: string;
  readonly roles: readonly Role[];
  /** The module exporting `handler`, relative to the repository root. */
  readonly entry: string;
}

const ALL: readonly Role[] = ROLES;
const POLICY: readonly Role[] = ['policy'];

export const ROUTES: readonly Route[] = [
  {
    name: 'eligibility',
    method: 'POST',
    path: '/v1/eligibility',
    roles: ALL,
    entry: 'functions/eligibility/handler.ts',
  },
  {
    name: 'entitlement',
    method: 'POST',
    path: '/v1/entitlement',
    roles: ALL,
    entry: 'functions/entitlement/handler.ts',
  },
  { name: 'arrears', method: 'POST', path: '/v1/arrears', roles: ALL, entry: 'functions/arrears/handler.ts' },
  {
    name: 'rulesets-list',
    method: 'GET',
    path: '/v1/rulesets',
    roles: ALL,
    entry: 'functions/rulesets-list/handler.ts',
  },
  {
    name: 'ruleset-parameters',
    method: 'GET',
    path: '/v1/rulesets/{id}/parameters',
    roles: ALL,
    entry: 'functions/ruleset-parameters/handler.ts',
  },
  {
    name: 'calculation-get',
    method: 'GET',
    path: '/v1/calculations/{calculationId}',
    roles: ALL,
    entry: 'functions/calculation-get/handler.ts',
  },
  { name: 'openapi', method: 'GET', path: '/openapi.json', roles: [], entry: 'functions/openapi/handler.ts' },
  // The policy workbench (docs/policy.md): drafts, case sets and simulations, for the policy role only.
  {
    name: 'drafts-create',
    method: 'POST',
    path: '/v1/drafts',
    roles: POLICY,
    entry: 'functions/drafts-create/handler.ts',
  },
  {
    name: 'drafts-get',
    method: 'GET',
    path: '/v1/drafts/{id}',
    roles: POLICY,
    entry: 'functions/drafts-get/handler.ts',
  },
  {
    name: 'case-sets-create',
    method: 'POST',
    path: '/v1/case-sets',
    roles: POLICY,
    entry: 'functions/case-sets-create/handler.ts',
  },
  {
    name: 'simulations-create',
    method: 'POST',
    path: '/v1/simulations',
    roles: POLICY,
    entry: 'functions/simulations-create/handler.ts',
  },
  {
    name: 'simulations-get',
    method: 'GET',
    path: '/v1/simulations/{id}',
    roles: POLICY,
    entry: 'functions/simulations-get/handler.ts',
  },
  {
    name: 'policy-page',
    method: 'GET',
    path: '/policy',
    roles: [],
    entry: 'functions/policy-page/handler.ts',
  },
  {
    name: 'caseworker-page',
    method: 'GET',
    path: '/',
    roles: [],
    entry: 'functions/caseworker-page/handler.ts',
  },
];
