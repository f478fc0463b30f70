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
  /** The module exporting `handler`, relative to the repository root: functions/<name>/handler.ts. */
  readonly entry: string;
}

const ALL: readonly Role[] = ROLES;
const POLICY: readonly Role[] = ['policy'];
const STAFF: readonly Role[] = ['policy', 'caseworker'];

const TABLE: readonly Omit<Route, 'entry'>[] = [
  { name: 'eligibility', method: 'POST', path: '/v1/eligibility', roles: ALL },
  { name: 'entitlement', method: 'POST', path: '/v1/entitlement', roles: ALL },
  { name: 'arrears', method: 'POST', path: '/v1/arrears', roles: ALL },
  { name: 'rulesets-list', method: 'GET', path: '/v1/rulesets', roles: ALL },
  { name: 'ruleset-parameters', method: 'GET', path: '/v1/rulesets/{id}/parameters', roles: ALL },
  { name: 'calculation-get', method: 'GET', path: '/v1/calculations/{calculationId}', roles: ALL },
  { name: 'openapi', method: 'GET', path: '/openapi.json', roles: [] },
  // The policy workbench (docs/policy.md): drafts, case sets and simulations, for the policy role only.
  { name: 'drafts-create', method: 'POST', path: '/v1/drafts', roles: POLICY },
  { name: 'drafts-get', method: 'GET', path: '/v1/drafts/{id}', roles: POLICY },
  { name: 'case-sets-create', method: 'POST', path: '/v1/case-sets', roles: POLICY },
  { name: 'simulations-create', method: 'POST', path: '/v1/simulations', roles: POLICY },
  { name: 'simulations-get', method: 'GET', path: '/v1/simulations/{id}', roles: POLICY },
  { name: 'simulations-report', method: 'GET', path: '/v1/simulations/{id}/{file}', roles: POLICY },
  { name: 'policy-page', method: 'GET', path: '/policy', roles: [] },
  // Coverage screening (应保尽保, docs/screening.md): the lists cross-checked, for policy staff and caseworkers.
  { name: 'screenings-create', method: 'POST', path: '/v1/screenings', roles: STAFF },
  { name: 'screenings-get', method: 'GET', path: '/v1/screenings/{id}', roles: STAFF },
  { name: 'screenings-results', method: 'GET', path: '/v1/screenings/{id}/results', roles: STAFF },
  { name: 'screening-page', method: 'GET', path: '/screening', roles: [] },
  { name: 'caseworker-page', method: 'GET', path: '/', roles: [] },
];

/**
 * Every route's handler is functions/<name>/handler.ts. The table does not spell the path out, since
 * it is bundled into every function, and drafts-create (which carries the YAML parser) is close to
 * its 300 KB budget. The call is marked pure so that a bundle that only needs ROLES (the authorizer)
 * still leaves the table out, as it did when ROUTES was a plain array literal.
 */
export const ROUTES: readonly Route[] = /* @__PURE__ */ TABLE.map((route) => ({
  ...route,
  entry: `functions/${route.name}/handler.ts`,
}));
