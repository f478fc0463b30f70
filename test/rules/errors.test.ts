import { describe, expect, it } from 'vitest';
import {
  CaseShapeError,
  ImpossibleCaseError,
  NotCoveredError,
  ParameterGapError,
  RulesError,
  RulesetValidationError,
  UnknownRulesetError,
} from '../../rules/index.ts';

describe('engine errors', () => {
  it('carry a stable code, their class name and the fields at fault', () => {
    const cases: [RulesError, string, string][] = [
      [
        new CaseShapeError([
          { path: 'month', message: 'x' },
          { path: '', message: 'y' },
        ]),
        'INVALID_REQUEST',
        'month, (body)',
      ],
      [
        new ImpossibleCaseError([{ path: 'person.deathDate', message: 'is before person.birthDate' }]),
        'IMPOSSIBLE_CASE',
        'person.deathDate: is before person.birthDate',
      ],
      [new NotCoveredError([{ path: 'month', message: 'm' }]), 'NOT_COVERED', 'month: m'],
      [new UnknownRulesetError('1.1'), 'UNKNOWN_RULESET', '"1.1"'],
      [new RulesetValidationError(['a', 'b'], 'here'), 'INVALID_RULESET', 'here: a; b'],
      [new RulesetValidationError(['a']), 'INVALID_RULESET', 'a'],
      [
        new ParameterGapError('p', '620502', '2009-09-01'),
        'PARAMETER_GAP',
        'Parameter p has no value for area 620502 on 2009-09-01',
      ],
    ];
    for (const [error, code, text] of cases) {
      expect(error).toBeInstanceOf(RulesError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(error.message).toContain(text);
    }
  });
});
