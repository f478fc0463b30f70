/**
 * classifyPerson reads every threshold from the ruleset: a candidate ruleset raising the enrolment
 * age (enrolment.minimum-age) moves a 17-year-old out of "should enrol", with no code changed; and
 * the same bundle always gives the same result.
 */
import { describe, expect, it } from 'vitest';
import { type Bundle, classifyPerson } from '../../functions/screening/classify.ts';
import { pseudonymOf } from '../../functions/shared/pseudonym.ts';
import { syntheticIdNumber } from '../bench/generate-cases.ts';
import { base, candidate, source } from '../policy/support.ts';
import { TEST_KEY } from './planted.ts';

const birth = '2009-03-15';
const id = syntheticIdNumber('620502', birth, 7);
const person = pseudonymOf(id, TEST_KEY);
const bundle: Bundle = {
  person,
  records: [
    {
      list: 'hukou',
      source: 'hukou.csv',
      line: 2,
      person,
      idBirthDate: birth,
      area: '620502',
      status: 'normal',
    },
  ],
};

describe('classifyPerson', () => {
  it('takes the enrolment age from the ruleset', () => {
    expect(classifyPerson(bundle, base(), '2026-06')?.findings).toEqual([{ class: 'should-enrol' }]);
    const older = candidate([
      {
        parameter: 'enrolment.minimum-age',
        area: 'national',
        values: [{ from: '2026-01-01', value: 18, source, provisional: true, reason: 'a test draft' }],
      },
    ]);
    expect(classifyPerson(bundle, older, '2026-06')?.findings).toEqual([]);
  });

  it('answers the same bundle alike, and leaves out a person only on the roll', () => {
    expect(classifyPerson(bundle, base(), '2026-06')).toEqual(classifyPerson(bundle, base(), '2026-06'));
    const rollOnly: Bundle = {
      person,
      records: [
        {
          list: 'roll',
          source: 'roll.csv',
          line: 2,
          person,
          idBirthDate: birth,
          contributionYears: 1,
          governmentPaidYears: [],
        },
      ],
    };
    expect(classifyPerson(rollOnly, base(), '2026-06')).toBeUndefined();
  });
});
