/**
 * The engine's typed errors. Each carries a stable machine `code`; adapters map them to HTTP
 * statuses in exactly one place (functions/shared/problem.ts).
 */

export interface FieldProblem {
  /** Where in the case: "person.hukou[1].area". */
  readonly path: string;
  readonly message: string;
}

export abstract class RulesError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The case does not match the contract's shape (a 400). */
export class CaseShapeError extends RulesError {
  readonly code = 'INVALID_REQUEST';
  constructor(readonly errors: readonly FieldProblem[]) {
    super(`The request does not match the contract: ${errors.map((e) => e.path || '(body)').join(', ')}`);
  }
}

/** Problems of sense in a well-formed case, each at its field: the message lists them all. */
abstract class CaseProblemsError extends RulesError {
  constructor(readonly errors: readonly FieldProblem[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  }
}

/** The case is well formed but impossible (a 422): a bad check digit, death before birth, … */
export class ImpossibleCaseError extends CaseProblemsError {
  readonly code = 'IMPOSSIBLE_CASE';
}

/** A month or an area the ruleset does not cover (a 422): never answered with a silent zero. */
export class NotCoveredError extends CaseProblemsError {
  readonly code = 'NOT_COVERED';
}

/**
 * The case lacks a fact the ruleset needs to answer (a 422), such as the class of a 低保 period when
 * only some classes earn the government-paid premium: asked for rather than guessed.
 */
export class MissingFactError extends CaseProblemsError {
  readonly code = 'MISSING_FACT';
}

/** No published ruleset with that id (a 404). */
export class UnknownRulesetError extends RulesError {
  readonly code = 'UNKNOWN_RULESET';
  constructor(readonly rulesetId: string) {
    super(`No published ruleset "${rulesetId}"`);
  }
}

/** A parameter file or ruleset that fails validation; raised when loading, never while serving. */
export class RulesetValidationError extends RulesError {
  readonly code = 'INVALID_RULESET';
  constructor(
    readonly problems: readonly string[],
    readonly source?: string,
  ) {
    super(
      `${source ? `${source}: ` : ''}${problems.slice(0, 20).join('; ')}${problems.length > 20 ? ' …' : ''}`,
    );
  }
}

/** A parameter with no value for an area and date: a gap that validation should have caught. */
export class ParameterGapError extends RulesError {
  readonly code = 'PARAMETER_GAP';
  constructor(
    readonly parameterId: string,
    readonly area: string,
    readonly date: string,
  ) {
    super(`Parameter ${parameterId} has no value for area ${area} on ${date}`);
  }
}
