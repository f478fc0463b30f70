/**
 * The four kinds of list a coverage screening (应保尽保) cross-checks, their columns, and one row of
 * each turned into a record keyed by the ID number's keyed pseudonym (functions/shared/pseudonym.ts).
 * A row names its columns by header (CSV) or field (JSON Lines), in English or in the Chinese the
 * offices' exports use. Nothing here quotes a value back: a bad cell is named by its column.
 */
import { isCalendarDate, parseYearMonth } from '../../rules/calendar.ts';
import { HARDSHIP_CATEGORIES, type HardshipCategory } from '../../rules/parameter-ids.ts';
import { residentIdBirthDate, residentIdProblem } from '../../rules/resident-id.ts';
import { pseudonymOf } from '../shared/pseudonym.ts';

export const LIST_KINDS = ['hukou', 'hardship', 'roll', 'exclusions'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** 户籍状态: registered, cancelled (注销), or restored after a loss or cancellation (恢复 / 补录). */
const HUKOU_STATUSES = ['normal', 'cancelled', 'restored'] as const;
type HukouStatus = (typeof HUKOU_STATUSES)[number];

/**
 * What an exclusion list says, and the engine status it becomes (rules/case.ts STATUS_KINDS); a
 * death becomes the person's death date. College admissions are students from their admission.
 */
export const EXCLUSION_REASONS = {
  student: 'student',
  'college-admission': 'student',
  imprisoned: 'imprisoned',
  'employee-pension': 'employee-pension',
  'active-military': 'active-military',
  'settled-abroad': 'settled-abroad',
  deceased: 'death',
} as const;
type ExclusionReason = keyof typeof EXCLUSION_REASONS;

/** Chinese values accepted for the enumerated columns, as the offices' exports write them. */
const VALUE_ALIASES: Record<string, string> = {
  正常: 'normal',
  注销: 'cancelled',
  恢复: 'restored',
  补录: 'restored',
  建档立卡: 'registered-poor',
  建档立卡贫困人口: 'registered-poor',
  低保: 'minimum-living-allowance',
  低保对象: 'minimum-living-allowance',
  特困: 'extreme-hardship',
  特困人员: 'extreme-hardship',
  重度残疾: 'severe-disability',
  重度残疾人: 'severe-disability',
  返贫致贫: 'returned-to-poverty',
  返贫致贫人口: 'returned-to-poverty',
  计生两证户: 'family-planning-household',
  已脱贫: 'lifted-out-of-poverty',
  在校学生: 'student',
  高校录取: 'college-admission',
  服刑: 'imprisoned',
  职工养老保险: 'employee-pension',
  现役军人: 'active-military',
  出国定居: 'settled-abroad',
  死亡: 'deceased',
};

/** Column → the header names accepted for it (first: the name the generator and docs use). */
const COLUMN_NAMES: Record<string, readonly string[]> = {
  idNumber: ['idNumber', '身份证号', '公民身份号码'],
  birthDate: ['birthDate', '出生日期'],
  area: ['area', '行政区划', '区划代码'],
  township: ['township', '乡镇', '乡镇代码'],
  registeredOn: ['registeredOn', '登记日期'],
  status: ['status', '户籍状态'],
  cancelledOn: ['cancelledOn', '注销日期'],
  restoredOn: ['restoredOn', '恢复日期'],
  kind: ['kind', '类别'],
  class: ['class', '低保类别'],
  from: ['from', '起始日期'],
  to: ['to', '终止日期'],
  enrolledOn: ['enrolledOn', '参保日期'],
  contributionYears: ['contributionYears', '缴费年限'],
  drawingSince: ['drawingSince', '领取起始年月'],
  governmentPaidYears: ['governmentPaidYears', '代缴年度'],
  reason: ['reason', '原因'],
};

/** The columns of each list: required first, then optional. */
const LIST_COLUMNS: Record<ListKind, { required: readonly string[]; optional: readonly string[] }> = {
  hukou: {
    required: ['idNumber', 'area'],
    optional: ['birthDate', 'township', 'registeredOn', 'status', 'cancelledOn', 'restoredOn'],
  },
  hardship: { required: ['idNumber', 'kind', 'from'], optional: ['birthDate', 'to', 'class'] },
  roll: {
    required: ['idNumber'],
    optional: ['birthDate', 'enrolledOn', 'contributionYears', 'drawingSince', 'governmentPaidYears'],
  },
  exclusions: { required: ['idNumber', 'reason', 'from'], optional: ['birthDate', 'to'] },
};

/** Where a record came from: the list's file name and the line (1-based, the header is line 1). */
export interface SourceLine {
  readonly source: string;
  readonly line: number;
}

interface RecordBase extends SourceLine {
  /** The ID number's keyed pseudonym (hmac-sha256:…): the join key, never the number. */
  readonly person: string;
  /** The birth date the row states, if it has the column. */
  readonly birthDate?: string;
  /** The birth date written in the ID number. */
  readonly idBirthDate: string;
}

export interface HukouRecord extends RecordBase {
  readonly list: 'hukou';
  readonly area: string;
  readonly township?: string;
  readonly registeredOn?: string;
  readonly status: HukouStatus;
  readonly cancelledOn?: string;
  readonly restoredOn?: string;
}

export interface HardshipRecord extends RecordBase {
  readonly list: 'hardship';
  readonly kind: HardshipCategory;
  readonly from: string;
  readonly to?: string;
  readonly class?: number;
}

export interface RollRecord extends RecordBase {
  readonly list: 'roll';
  readonly enrolledOn?: string;
  readonly contributionYears: number;
  /** YYYY-MM: the first month paid. */
  readonly drawingSince?: string;
  readonly governmentPaidYears: readonly number[];
}

export interface ExclusionRecord extends RecordBase {
  readonly list: 'exclusions';
  readonly reason: ExclusionReason;
  readonly from: string;
  readonly to?: string;
}

/** A row whose ID number is not valid (GB 11643-1999): kept so that it is reported, joined with nothing else. */
export interface InvalidIdRecord extends SourceLine {
  readonly list: 'invalid-id';
  /** The pseudonym of the text as written, so the same wrong number is recognised in the next run. */
  readonly person: string;
  readonly of: ListKind;
  readonly why: 'shape' | 'check-digit' | 'birth-date';
  readonly area?: string;
}

export type ScreeningRecord = HukouRecord | HardshipRecord | RollRecord | ExclusionRecord | InvalidIdRecord;

/** A row that could not be read, by file, line and column; never with the cell's text. */
export interface BadRow extends SourceLine {
  readonly column?: string;
  readonly message: string;
}

/** A header row resolved: each known column's index. */
export type HeaderMap = ReadonlyMap<string, number>;

/** Resolves a header row for a list, or says which required column is missing. */
export function readHeader(kind: ListKind, header: readonly string[]): HeaderMap | { missing: string[] } {
  const map = new Map<string, number>();
  const cells = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const { required, optional } = LIST_COLUMNS[kind];
  for (const column of [...required, ...optional]) {
    const names = COLUMN_NAMES[column] ?? [column];
    const at = cells.findIndex((c) => names.includes(c));
    if (at >= 0) map.set(column, at);
  }
  const missing = required.filter((c) => !map.has(c));
  return missing.length > 0 ? { missing } : map;
}

/** A row as column → text, from a CSV row (with its header) or a JSON Lines object. */
export type RowCells = (column: string) => string | undefined;

export function csvCells(header: HeaderMap, row: readonly string[]): RowCells {
  return (column) => {
    const at = header.get(column);
    const text = at === undefined ? undefined : row[at]?.trim();
    return text === '' ? undefined : text;
  };
}

/** A JSON Lines object's fields (English or Chinese names); numbers are read as their text. */
export function jsonCells(object: Record<string, unknown>): RowCells {
  return (column) => {
    for (const name of COLUMN_NAMES[column] ?? [column]) {
      const value = object[name];
      if (value === undefined || value === null || value === '') continue;
      if (Array.isArray(value)) return value.join(';');
      return typeof value === 'string' ? value.trim() : String(value);
    }
    return undefined;
  };
}

class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

function enumValue<T extends string>(column: string, text: string, allowed: readonly T[]): T {
  const value = VALUE_ALIASES[text] ?? text;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CellError(column, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function date(cells: RowCells, column: string, required: true): string;
function date(cells: RowCells, column: string, required?: false): string | undefined;
function date(cells: RowCells, column: string, required = false): string | undefined {
  const text = cells(column);
  if (text === undefined) {
    if (required) throw new CellError(column, 'is required');
    return undefined;
  }
  // Exports from older systems write 2020/04/19 or 20200419; both are read as the same date.
  const normal = /^\d{8}$/.test(text)
    ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`
    : text.replaceAll('/', '-');
  if (!isCalendarDate(normal)) throw new CellError(column, 'must be a date YYYY-MM-DD');
  return normal;
}

function wholeNumber(column: string, text: string, min: number, max: number): number {
  const n = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max)) throw new CellError(column, `must be a whole number from ${min} to ${max}`);
  return n;
}

/**
 * One row of a list as a record: the ID number checked and replaced by its pseudonym, every other
 * cell checked. An invalid ID number is a record of its own (a data problem to report); any other
 * bad cell makes the row a BadRow naming the column.
 */
export function readRow(
  kind: ListKind,
  cells: RowCells,
  where: SourceLine,
  key: Buffer,
): ScreeningRecord | BadRow {
  const id = cells('idNumber');
  if (id === undefined) return { ...where, column: 'idNumber', message: 'is required' };
  const why = residentIdProblem(id);
  if (why !== undefined) {
    const area = cells('area');
    return {
      list: 'invalid-id',
      ...where,
      person: pseudonymOf(id, key),
      of: kind,
      why,
      ...(kind === 'hukou' && area !== undefined && /^\d{6}$/.test(area) ? { area } : {}),
    };
  }
  try {
    const birthDate = date(cells, 'birthDate');
    const base = {
      ...where,
      person: pseudonymOf(id, key),
      idBirthDate: residentIdBirthDate(id),
      ...(birthDate !== undefined ? { birthDate } : {}),
    };
    return { ...base, ...listFields(kind, cells) } as ScreeningRecord;
  } catch (error) {
    if (error instanceof CellError) return { ...where, column: error.column, message: error.message };
    throw error;
  }
}

function optional<T>(name: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [name]: value };
}

function listFields(kind: ListKind, cells: RowCells): Record<string, unknown> {
  switch (kind) {
    case 'hukou': {
      const area = cells('area') ?? '';
      if (!/^\d{6}$/.test(area)) throw new CellError('area', 'must be a 6-digit division code (GB/T 2260)');
      const township = cells('township');
      if (township !== undefined && !/^\d{9}(\d{3})?$/.test(township)) {
        throw new CellError('township', 'must be a 9- or 12-digit township code');
      }
      const statusText = cells('status');
      const status = statusText === undefined ? 'normal' : enumValue('status', statusText, HUKOU_STATUSES);
      const cancelledOn = date(cells, 'cancelledOn');
      const restoredOn = date(cells, 'restoredOn');
      if (status === 'cancelled' && cancelledOn === undefined) {
        throw new CellError('cancelledOn', 'is required when the status is cancelled');
      }
      if (status === 'restored' && restoredOn === undefined) {
        throw new CellError('restoredOn', 'is required when the status is restored');
      }
      return {
        list: 'hukou',
        area,
        ...optional('township', township),
        ...optional('registeredOn', date(cells, 'registeredOn')),
        status,
        ...optional('cancelledOn', status === 'cancelled' ? cancelledOn : undefined),
        ...optional('restoredOn', status === 'restored' ? restoredOn : undefined),
      };
    }
    case 'hardship': {
      const kindText = cells('kind');
      if (kindText === undefined) throw new CellError('kind', 'is required');
      const hardship = enumValue('kind', kindText, HARDSHIP_CATEGORIES);
      const classText = cells('class');
      if (classText !== undefined && hardship !== 'minimum-living-allowance') {
        throw new CellError('class', 'is given only for minimum-living-allowance (低保类别)');
      }
      return {
        list: 'hardship',
        kind: hardship,
        from: date(cells, 'from', true),
        ...optional('to', date(cells, 'to')),
        ...optional('class', classText === undefined ? undefined : wholeNumber('class', classText, 1, 4)),
      };
    }
    case 'roll': {
      const years = cells('contributionYears');
      const since = cells('drawingSince');
      if (since !== undefined && parseYearMonth(since) === undefined) {
        throw new CellError('drawingSince', 'must be a month YYYY-MM');
      }
      const paid = cells('governmentPaidYears');
      return {
        list: 'roll',
        ...optional('enrolledOn', date(cells, 'enrolledOn')),
        contributionYears: years === undefined ? 0 : wholeNumber('contributionYears', years, 0, 80),
        ...optional('drawingSince', since),
        governmentPaidYears:
          paid === undefined
            ? []
            : paid
                .split(/[;,、\s]+/)
                .filter((y) => y !== '')
                .map((y) => wholeNumber('governmentPaidYears', y, 1990, 2100)),
      };
    }
    case 'exclusions': {
      const reasonText = cells('reason');
      if (reasonText === undefined) throw new CellError('reason', 'is required');
      const reasons = Object.keys(EXCLUSION_REASONS) as ExclusionReason[];
      return {
        list: 'exclusions',
        reason: enumValue('reason', reasonText, reasons),
        from: date(cells, 'from', true),
        ...optional('to', date(cells, 'to')),
      };
    }
  }
}

export function isBadRow(r: ScreeningRecord | BadRow): r is BadRow {
  return !('list' in r);
}
