/**
 * Example residents a new caseworker can load with one click. Each is built from a case of the
 * 2020 Gansu hukou-clearing campaign (shared reference pension-rules.md §0.2); names are dropped,
 * and dates the article leaves open are filled with plausible ones (noted per case). Typed as the
 * engine's `Case`, so a change of the contract breaks them at compile time, not in front of a resident.
 */
import type { Case } from '../../rules/index.ts';

export interface ExampleResident {
  readonly id: string;
  readonly title: string;
  readonly titleEn: string;
  readonly note: string;
  readonly noteEn: string;
  readonly case: Case;
}

export const EXAMPLES: readonly ExampleResident[] = [
  {
    // C6: 79 in spring 2020 (born March 1941 assumed); the article states 105 yuan a month.
    id: 'qinzhou-79',
    title: '秦州区 79岁建档立卡老人',
    titleEn: 'Qinzhou, 79, registered poor',
    note: '自行注销户籍，2020年4月恢复；无需缴费，每月105元（2020年5月）。',
    noteEn:
      'Cancelled his own hukou, restored April 2020; no contributions needed; 105 yuan a month (May 2020).',
    case: {
      person: {
        birthDate: '1941-03-15',
        hukou: [{ area: '620502', from: '1941-03-15', restoredOn: '2020-04-20' }],
        statuses: [{ kind: 'registered-poor', from: '2014-01-01' }],
      },
      month: '2020-05',
    },
  },
  {
    // C4: 60 in 2011 when the 新农保 pilot reached Liangzhou; hukou declared 2020-04-19.
    id: 'liangzhou-mine',
    title: '凉州区 69岁原煤矿临时工',
    titleEn: 'Liangzhou, 69, former coal-mine worker',
    note: '户口随矿上遗失（“黑户”），2020年4月19日申报户籍；2011年起即可领取，需补发。',
    noteEn: 'Hukou lost with the mine; declared 19 April 2020; entitled since 2011, so back pay is due.',
    case: {
      person: {
        birthDate: '1951-03-10',
        hukou: [{ area: '620602', from: '1951-03-10', restoredOn: '2020-04-19' }],
      },
      month: '2020-05',
    },
  },
  {
    // C7: 70 in 2020 (born February 1950 assumed); hukou first in Hezheng, later Lintao, cancelled by
    // her family and registered again in early 2020 (dates assumed).
    id: 'lintao-70',
    title: '临洮县 70岁建档立卡妇女',
    titleEn: 'Lintao, 70, registered-poor woman',
    note: '户籍被家人注销，2020年初重新登记后可补领这几年的养老金。',
    noteEn:
      'Her family cancelled her hukou; once registered again in early 2020 she can claim the missed years.',
    case: {
      person: {
        birthDate: '1950-02-08',
        hukou: [
          { area: '622925', from: '1950-02-08', to: '1972-10-01' },
          { area: '621124', from: '1972-10-01', restoredOn: '2020-03-16' },
        ],
        statuses: [{ kind: 'registered-poor', from: '2014-01-01' }],
      },
      month: '2020-05',
    },
  },
  {
    // C2: working age (born 1975 assumed); hukou left in Zhouqu, cancelled as missing, re-registered
    // and moved to Minle in May 2020 (dates assumed); the government paid the 100-yuan premium.
    id: 'minle-resettled',
    title: '民乐县 建档立卡易地搬迁户',
    titleEn: 'Minle, registered-poor resettled migrant',
    note: '户口留在舟曲14年后被注销，2020年补录并迁入新民村；政府代缴保费100元。',
    noteEn:
      'Hukou left in Zhouqu for 14 years then cancelled; re-registered and moved to Minle in 2020; the government paid a 100-yuan premium.',
    case: {
      person: {
        birthDate: '1975-06-12',
        hukou: [
          { area: '623023', from: '1975-06-12', to: '2020-05-11', restoredOn: '2020-05-06' },
          { area: '620722', from: '2020-05-11' },
        ],
        statuses: [{ kind: 'registered-poor', from: '2014-01-01' }],
        contributions: [{ year: 2020, personal: '0.00', governmentPaid: '100.00' }],
      },
      month: '2020-06',
    },
  },
];
