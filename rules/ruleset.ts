/**
 * A ruleset in memory: validated parameters layered by area (national → province → prefecture →
 * county), resolved into month timelines once per area and cached. Building one checks everything
 * a published ruleset promises: every value well typed, dated in order and sourced; every required
 * parameter defined for every area it covers from its first day; the content hash as published.
 */
import {
  type CalendarDate,
  compareDates,
  firstDayOf,
  firstMonthStartingOnOrAfter,
  monthOf,
  type YearMonth,
} from './calendar.ts';
import { canonicalHash } from './canonical-json.ts';
import { NotCoveredError, ParameterGapError, RulesetValidationError } from './errors.ts';
import { type Fen, parseMoney } from './money.ts';
import {
  ENUM_OPTIONS,
  type ParameterId,
  REQUIRED_PARAMETERS,
  REQUIRED_SINCE,
  readForBenefit,
} from './parameter-ids.ts';
import {
  type AreaEntry,
  AreaListSchema,
  type Manifest,
  ManifestSchema,
  type ParameterFile,
  ParameterFileSchema,
  ReasonListSchema,
  type ReasonTexts,
  type Source,
  valueSchema,
} from './parameter-schema.ts';
import { compareRulesetIds } from './registry.ts';
import type { ParameterTrace, Reason, ReasonCode } from './results.ts';

/** What a ruleset is made of, as read from its files (the manifest's hash is checked, not trusted). */
export interface RulesetContent {
  readonly manifest: unknown;
  readonly areas: unknown;
  readonly reasons: unknown;
  readonly parameters: readonly { readonly file: string; readonly content: unknown }[];
}

export interface AgeTier {
  readonly age: number;
  readonly amount: Fen;
}

/** A value in its engine form: money in fen, tiers sorted by age descending. */
type ResolvedValue =
  | Fen
  | number
  | string
  | readonly AgeTier[]
  | readonly Fen[]
  | readonly number[]
  | readonly string[];

export interface TimelineEntry {
  /** The first month this value applies to (in force on that month's first day). */
  readonly fromMonth: YearMonth;
  readonly value: ResolvedValue;
  readonly trace: ParameterTrace;
}

interface DatedValue {
  readonly from: CalendarDate;
  readonly value: ResolvedValue;
  readonly trace: ParameterTrace;
}

interface Parameter {
  readonly file: ParameterFile;
  readonly byArea: ReadonlyMap<string, readonly DatedValue[]>;
}

const NATIONAL = 'national';

/** The resolved timelines of one area. */
export class AreaRules {
  constructor(
    readonly area: string,
    private readonly timelines: Readonly<Partial<Record<ParameterId, readonly TimelineEntry[]>>>,
  ) {}

  /** False only for a parameter added to the engine after this ruleset was published (REQUIRED_SINCE). */
  has(id: ParameterId): boolean {
    return this.timelines[id] !== undefined;
  }

  at(id: ParameterId, month: YearMonth): TimelineEntry {
    const entries = this.timelines[id] ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i] as TimelineEntry;
      if (entry.fromMonth <= month) return entry;
    }
    throw new ParameterGapError(id, this.area, firstDayOf(month));
  }
}

/** The layers an area's values are looked up in, most specific first (GB/T 2260 codes nest). */
export function areaChain(area: string): string[] {
  const chain = [area];
  const prefecture = `${area.slice(0, 4)}00`;
  const province = `${area.slice(0, 2)}0000`;
  if (prefecture !== area && prefecture !== province) chain.push(prefecture);
  if (province !== area) chain.push(province);
  chain.push(NATIONAL);
  return chain;
}

function sourceText(source: Source): string {
  return [source.document, source.url, source.note].filter((s) => s !== undefined).join(' · ');
}

function displayValue(type: ParameterFile['type'], raw: unknown): string {
  switch (type) {
    case 'age-tiers':
      return (
        (raw as { age: number; amount: string }[]).map((t) => `${t.age}岁及以上 ${t.amount}`).join('；') ||
        '无'
      );
    case 'money-list':
    case 'integer-list':
    case 'enum-list':
      return (raw as (string | number)[]).join('、') || '无';
    case 'threshold-amounts':
      return (raw as { atLeast: string; amount: string }[])
        .map((t) => `≥${t.atLeast}: ${t.amount}`)
        .join('；');
    default:
      return String(raw);
  }
}

function engineValue(type: ParameterFile['type'], raw: unknown): ResolvedValue {
  switch (type) {
    case 'money':
      return parseMoney(raw as string);
    case 'age-tiers':
      return (raw as { age: number; amount: string }[])
        .map((t) => ({ age: t.age, amount: parseMoney(t.amount) }))
        .sort((a, b) => b.age - a.age);
    case 'money-list':
      return (raw as string[]).map(parseMoney);
    default:
      return raw as number | string | readonly number[] | readonly string[];
  }
}

export interface RulesetSummary {
  readonly id: string;
  readonly hash: string;
  readonly publishedAt: CalendarDate;
  readonly description: string;
  readonly basedOn?: string;
}

export class Ruleset {
  readonly id: string;
  readonly hash: string;
  readonly manifest: Omit<Manifest, 'hash'>;
  readonly coverageStart: YearMonth;
  readonly areas: ReadonlyMap<string, AreaEntry>;
  readonly reasons: ReasonTexts;
  /** The content exactly as hashed: what a draft is applied to. */
  readonly content: {
    manifest: Omit<Manifest, 'hash'>;
    areas: AreaEntry[];
    reasons: ReasonTexts;
    parameters: ParameterFile[];
  };
  private readonly parameters: ReadonlyMap<string, Parameter>;
  private readonly timelines = new Map<string, readonly TimelineEntry[]>();
  private readonly changeMonthCache = new Map<string, readonly YearMonth[]>();
  private readonly areaRulesCache = new Map<string, AreaRules>();
  private readonly coverageCache = new Map<string, boolean>();
  private readonly reasonCache = new Map<ReasonCode, Reason>();
  /** agesOfInterest per area: every arrears ledger asks for it (month-scan.ts). */
  private readonly agesCache = new Map<string, readonly number[]>();
  private engineIds: ParameterId[] | undefined;

  private constructor(content: Ruleset['content'], hash: string, parameters: ReadonlyMap<string, Parameter>) {
    this.content = content;
    this.manifest = content.manifest;
    this.id = content.manifest.id;
    this.hash = hash;
    this.areas = new Map(content.areas.map((a) => [a.code, a]));
    this.reasons = content.reasons;
    this.parameters = parameters;
    this.coverageStart = firstMonthStartingOnOrAfter(content.manifest.coverage.from);
  }

  /** Hash of a ruleset's content: canonical JSON of manifest (without hash), areas, reasons, parameters. */
  static hashOf(content: Ruleset['content']): string {
    const parameters = [...content.parameters].sort((a, b) => (a.id < b.id ? -1 : 1));
    return canonicalHash({ ...content, parameters });
  }

  /**
   * Validates and builds a ruleset. With `verifyHash` (published rulesets) the manifest's hash must
   * equal the content's: a published ruleset cannot be edited in place. With `trustStatedHash` the
   * manifest's hash is taken without working it out again: only for content the caller has shown to
   * be byte for byte content verified before (functions/cli/cached-registry.ts keeps a SHA-256 of
   * each snapshot file it verified and wrote).
   */
  static build(raw: RulesetContent, options: { verifyHash: boolean; trustStatedHash?: boolean }): Ruleset {
    const problems: string[] = [];
    const manifestResult = ManifestSchema.omit({ hash: true })
      .extend({ hash: ManifestSchema.shape.hash.optional() })
      .safeParse(raw.manifest);
    const areasResult = AreaListSchema.safeParse(raw.areas);
    const reasonsResult = ReasonListSchema.safeParse(raw.reasons);
    if (!manifestResult.success) problems.push(`manifest: ${manifestResult.error.message}`);
    if (!areasResult.success) problems.push(`areas: ${areasResult.error.message}`);
    if (!reasonsResult.success) problems.push(`reasons: ${reasonsResult.error.message}`);
    if (!manifestResult.success || !areasResult.success || !reasonsResult.success) {
      throw new RulesetValidationError(problems);
    }
    const { hash: statedHash, ...manifest } = manifestResult.data;
    const areaCodes = new Set(areasResult.data.map((a) => a.code));
    if (areaCodes.size !== areasResult.data.length) problems.push('areas: duplicate area code');

    const files: ParameterFile[] = [];
    const parameters = new Map<string, Parameter>();
    for (const { file, content } of raw.parameters) {
      const parsed = ParameterFileSchema.safeParse(content);
      if (!parsed.success) {
        problems.push(
          `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
        continue;
      }
      const param = parsed.data;
      files.push(param);
      const before = problems.length;
      if (parameters.has(param.id)) problems.push(`${file}: duplicate parameter id ${param.id}`);
      const required = (REQUIRED_PARAMETERS as Record<string, string>)[param.id];
      if (required !== undefined && required !== param.type) {
        problems.push(`${file}: ${param.id} must have type ${required}, not ${param.type}`);
      }
      if ((param.type === 'enum' || param.type === 'enum-list') !== (param.options !== undefined)) {
        problems.push(`${file}: options are given exactly for enum and enum-list parameters`);
      }
      const expectedOptions = ENUM_OPTIONS[param.id];
      if (expectedOptions && param.options && expectedOptions.some((o) => !param.options?.includes(o))) {
        problems.push(`${file}: ${param.id} must offer the options ${expectedOptions.join(', ')}`);
      }
      const schema = valueSchema(param.type, param.options);
      const byArea = new Map<string, DatedValue[]>();
      for (const [area, values] of Object.entries(param.values)) {
        if (area !== NATIONAL && !areaCodes.has(area)) problems.push(`${file}: unknown area ${area}`);
        const dated: DatedValue[] = [];
        values.forEach((v, i) => {
          const checked = schema.safeParse(v.value);
          if (!checked.success) {
            problems.push(`${file}: values.${area}[${i}].value: ${checked.error.issues[0]?.message}`);
            return;
          }
          const previous = values[i - 1];
          if (previous && compareDates(previous.from, v.from) >= 0) {
            problems.push(`${file}: values.${area}[${i}].from must be after the value before it`);
          }
          dated.push({
            from: v.from,
            value: engineValue(param.type, checked.data),
            trace: {
              id: param.id,
              label: param.label,
              value: displayValue(param.type, checked.data),
              unit: param.unit,
              area,
              from: v.from,
              source: sourceText(v.source),
              provisional: v.provisional,
              ...(v.reason !== undefined ? { reason: v.reason } : {}),
              ...(v.confidence !== undefined ? { confidence: v.confidence } : {}),
            },
          });
        });
        byArea.set(area, dated);
      }
      if (problems.length === before) parameters.set(param.id, { file: param, byArea });
    }
    for (const [id, type] of Object.entries(REQUIRED_PARAMETERS)) {
      const since = REQUIRED_SINCE[id as ParameterId];
      if (since !== undefined && compareRulesetIds(manifest.id, since) < 0) continue;
      if (!files.some((f) => f.id === id)) problems.push(`missing required parameter ${id} (${type})`);
    }
    if (problems.length > 0) throw new RulesetValidationError(problems, `ruleset ${manifest.id}`);

    const content = { manifest, areas: areasResult.data, reasons: reasonsResult.data, parameters: files };
    if (options.trustStatedHash && statedHash === undefined) {
      throw new RulesetValidationError(['the manifest states no hash to trust'], `ruleset ${manifest.id}`);
    }
    const hash = options.trustStatedHash ? (statedHash as string) : Ruleset.hashOf(content);
    if (options.verifyHash && statedHash !== hash) {
      throw new RulesetValidationError(
        [
          `content hash is ${hash} but the manifest says ${statedHash ?? '(none)'}: a published ruleset is immutable`,
        ],
        `ruleset ${manifest.id}`,
      );
    }
    const ruleset = new Ruleset(content, hash, parameters);
    ruleset.checkCoverage();
    return ruleset;
  }

  summary(): RulesetSummary {
    return {
      id: this.id,
      hash: this.hash,
      publishedAt: this.manifest.publishedAt,
      description: this.manifest.description,
      ...(this.manifest.basedOn !== undefined ? { basedOn: this.manifest.basedOn } : {}),
    };
  }

  /** True when the ruleset answers for this area: a listed code under one of the covered areas. */
  covers(area: string): boolean {
    if (!this.areas.has(area)) return false;
    // Asked for every hukou at every month a calculation scans: worked out once per listed area.
    let covered = this.coverageCache.get(area);
    if (covered === undefined) {
      covered = this.manifest.coverage.areas.some((c) => areaChain(area).includes(c));
      this.coverageCache.set(area, covered);
    }
    return covered;
  }

  /** The listed areas the ruleset covers. */
  coveredAreas(): AreaEntry[] {
    return this.content.areas.filter((a) => this.covers(a.code));
  }

  parameterIds(): string[] {
    return [...this.parameters.keys()].sort();
  }

  /** The parameters the calculations read that this ruleset defines (all but those added after it). */
  engineParameterIds(): ParameterId[] {
    this.engineIds ??= (Object.keys(REQUIRED_PARAMETERS) as ParameterId[]).filter((id) =>
      this.parameters.has(id),
    );
    return this.engineIds;
  }

  /** Every covered area must resolve every parameter from the coverage start: no gaps. */
  private checkCoverage(): void {
    const problems: string[] = [];
    const start = this.manifest.coverage.from;
    for (const area of this.coveredAreas()) {
      for (const id of this.parameters.keys()) {
        if (!this.valueOnDate(id, area.code, start)) {
          problems.push(`${id} has no value for ${area.code} ${area.name} on ${start}`);
        }
      }
    }
    if (problems.length > 0) throw new RulesetValidationError(problems, `ruleset ${this.id} coverage`);
  }

  /** The value of a parameter for an area on a date: the most specific layer with a value in force. */
  valueOnDate(id: string, area: string, date: CalendarDate): DatedValue | undefined {
    const parameter = this.parameters.get(id);
    if (!parameter) return undefined;
    for (const layer of areaChain(area)) {
      const values = parameter.byArea.get(layer);
      if (!values) continue;
      let found: DatedValue | undefined;
      for (const v of values) {
        if (compareDates(v.from, date) <= 0) found = v;
        else break;
      }
      if (found) return found;
    }
    return undefined;
  }

  /** Every parameter resolved for an area on a date (GET /v1/rulesets/{id}/parameters). */
  resolveAll(area: string, date: CalendarDate): ParameterTrace[] {
    this.assertCovered(area, date, 'area', 'date');
    return this.parameterIds().flatMap((id) => {
      const v = this.valueOnDate(id, area, date);
      return v ? [v.trace] : [];
    });
  }

  assertCovered(area: string, date: CalendarDate, areaPath: string, datePath: string): void {
    if (!this.covers(area)) {
      throw new NotCoveredError([
        { path: areaPath, message: `ruleset ${this.id} does not cover area ${area}` },
      ]);
    }
    if (compareDates(date, this.manifest.coverage.from) < 0) {
      throw new NotCoveredError([
        { path: datePath, message: `ruleset ${this.id} covers dates from ${this.manifest.coverage.from}` },
      ]);
    }
  }

  /**
   * The month timeline of a parameter for an area: each entry applies from its month until the next.
   * A value applies to a month when it is in force on the month's first day. Built once, cached.
   */
  timeline(id: ParameterId, area: string): readonly TimelineEntry[] {
    const key = `${id}|${area}`;
    const cached = this.timelines.get(key);
    if (cached) return cached;
    const parameter = this.parameters.get(id);
    if (!parameter) throw new ParameterGapError(id, area, this.manifest.coverage.from);
    const dates = new Set<CalendarDate>();
    for (const layer of areaChain(area)) for (const v of parameter.byArea.get(layer) ?? []) dates.add(v.from);
    const entries: TimelineEntry[] = [];
    for (const date of [...dates].sort()) {
      const fromMonth = firstMonthStartingOnOrAfter(date);
      const v = this.valueOnDate(id, area, firstDayOf(fromMonth));
      if (!v) continue;
      const last = entries[entries.length - 1];
      // Two dates in one month resolve to the same value on its first day.
      if (last && last.trace === v.trace) continue;
      entries.push({ fromMonth, value: v.value, trace: v.trace });
    }
    this.timelines.set(key, entries);
    return entries;
  }

  /** The entry of a parameter that applies to a month in an area. */
  at(id: ParameterId, area: string, month: YearMonth): TimelineEntry {
    return this.forArea(area).at(id, month);
  }

  /** One area's timelines, cached: the hot path of every calculation looks values up here. */
  forArea(area: string): AreaRules {
    let rules = this.areaRulesCache.get(area);
    if (!rules) {
      const timelines: Partial<Record<ParameterId, readonly TimelineEntry[]>> = {};
      for (const id of this.engineParameterIds()) timelines[id] = this.timeline(id, area);
      rules = new AreaRules(area, timelines);
      this.areaRulesCache.set(area, rules);
    }
    return rules;
  }

  /**
   * Every month in which a value the benefit reads changes for an area (segment boundaries); the
   * enrolment and premium parameters are left out (parameter-ids.ts readForBenefit).
   */
  changeMonths(area: string): readonly YearMonth[] {
    const cached = this.changeMonthCache.get(area);
    if (cached) return cached;
    const months = new Set<YearMonth>();
    for (const id of this.engineParameterIds()) {
      if (!readForBenefit(id)) continue;
      for (const entry of this.timeline(id, area)) months.add(entry.fromMonth);
    }
    for (const entry of this.timeline('scheme.launch-date', area)) {
      months.add(monthOf(entry.value as string));
    }
    const sorted = [...months].sort((a, b) => a - b);
    this.changeMonthCache.set(area, sorted);
    return sorted;
  }

  /** Every age a rule of the benefit turns on in this area (pension age, supplement tiers). */
  agesOfInterest(area: string): readonly number[] {
    const cached = this.agesCache.get(area);
    if (cached) return cached;
    const ages = new Set<number>();
    for (const e of this.timeline('benefit.pension-age', area)) ages.add(e.value as number);
    for (const id of ['old-age-supplement.tiers', 'old-age-supplement.minimum-tiers'] as const) {
      if (!this.parameters.has(id)) continue;
      for (const e of this.timeline(id, area)) {
        for (const tier of e.value as readonly AgeTier[]) ages.add(tier.age);
      }
    }
    const list = [...ages];
    this.agesCache.set(area, list);
    return list;
  }

  /**
   * The reason as answers carry it, built once per code: like a parameter trace, one object shared
   * by every answer (the batch writer reuses its encoding). A code without text names itself.
   */
  reason(code: ReasonCode): Reason {
    let reason = this.reasonCache.get(code);
    if (reason === undefined) {
      reason = { code, ...(this.reasons[code] ?? { message: code, messageEn: code, citation: '' }) };
      this.reasonCache.set(code, reason);
    }
    return reason;
  }
}
