/**
 * The rules engine: pure calculations of 城乡居民基本养老保险 entitlements over versioned,
 * dated, layered parameters. No AWS, no clock, no environment: adapters pass everything in.
 */
export {
  assessArrears,
  assessEligibility,
  assessEntitlement,
  assessTotals,
  type CaseTotals,
} from './assess.ts';
export {
  AreaSchema,
  type Case,
  CaseSchema,
  checkCase,
  DateSchema,
  formatPath,
  MoneySchema,
  MonthSchema,
  type Person,
  parseCase,
  RulesetIdSchema,
  SignedMoneySchema,
  STATUS_KINDS,
  type StatusKind,
  shapeCase,
  zodProblems,
} from './case.ts';
export {
  CaseShapeError,
  type FieldProblem,
  ImpossibleCaseError,
  MissingFactError,
  NotCoveredError,
  ParameterGapError,
  RulesError,
  RulesetValidationError,
  UnknownRulesetError,
} from './errors.ts';
export { inputHash } from './input-hash.ts';
export { CONFIDENCE_LEVELS, type Confidence } from './parameter-schema.ts';
export { compareRulesetIds, RulesetRegistry } from './registry.ts';
export type {
  ArrearsResult,
  ArrearsSegment,
  Component,
  ComponentCode,
  EligibilityResult,
  EntitlementResult,
  ParameterTrace,
  Reason,
  ReasonCode,
} from './results.ts';
export { COMPONENT_CODES, REASON_CODES } from './results.ts';
export { Ruleset, type RulesetContent, type RulesetSummary } from './ruleset.ts';
