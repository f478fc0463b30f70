/**
 * Publishing a draft: the only way a new ruleset version comes to exist. It builds the candidate,
 * runs the golden suite with the candidate as the latest version, refuses when a golden result
 * would change (unless the draft names that golden file in `goldenUpdates`: an intended change of
 * the current rules), and then writes a NEW folder rulesets/<id>/ with the full content and its
 * hash. Published folders are never written to; the new id must come after the latest one.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { type Draft, diffRulesets, type ParameterDiff } from '../../rules/draft.ts';
import { compareRulesetIds, Ruleset, RulesetRegistry } from '../../rules/index.ts';
import { loadRulesets, readRulesetFolder } from '../shared/load-rulesets.ts';
import { type GoldenOutcome, runGoldenSuite } from './golden.ts';
import { candidateFromDraft, nextRulesetId } from './rulesets-for-replay.ts';

export class PublishRefusedError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(`${message}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PublishRefusedError';
  }
}

export interface PublishOptions {
  readonly rulesetsDir: string;
  readonly goldenDir: string;
  readonly draft: Draft;
  /** The day of publishing (the command reads the clock). */
  readonly today: string;
  readonly id?: string;
  /** Run every check but write nothing. */
  readonly dryRun?: boolean;
}

export interface PublishResult {
  readonly id: string;
  readonly hash: string;
  readonly folder: string;
  readonly diff: readonly ParameterDiff[];
  readonly golden: {
    total: number;
    passed: number;
    /** Unpinned cases of files listed in goldenUpdates whose result the candidate changes. */
    intendedChanges: GoldenOutcome[];
    /** Cases failing the same way before the candidate: reported, not the draft's doing. */
    alreadyFailing: GoldenOutcome[];
  };
  readonly written: boolean;
}

const YAML_OPTIONS = { lineWidth: 0 } as const;

function yaml(value: unknown, header?: string): string {
  return `${header ? `# ${header}\n` : ''}${stringify(value, YAML_OPTIONS)}`;
}

/** Writes a ruleset's content as a folder in the published layout. */
function writeRulesetFolder(ruleset: Ruleset, folder: string): void {
  const { manifest, areas, reasons, parameters } = ruleset.content;
  mkdirSync(join(folder, 'parameters'), { recursive: true });
  writeFileSync(
    join(folder, 'ruleset.yaml'),
    yaml(
      { ...manifest, hash: ruleset.hash },
      `Ruleset ${ruleset.id}: published, immutable. Its hash covers everything in this folder (canonical form).`,
    ),
  );
  writeFileSync(join(folder, 'areas.yaml'), yaml(areas, 'Areas (GB/T 2260), as in the base ruleset.'));
  writeFileSync(join(folder, 'reasons.yaml'), yaml(reasons, 'Reason texts, as in the base ruleset.'));
  for (const parameter of parameters) {
    const [group, ...rest] = parameter.id.split('.');
    const path = join(folder, 'parameters', group as string, `${rest.join('.')}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, yaml(parameter));
  }
}

export function publishDraft(options: PublishOptions): PublishResult {
  const registry = loadRulesets(options.rulesetsDir);
  const id = options.id ?? options.draft.id ?? nextRulesetId(registry, Number(options.today.slice(0, 4)));
  if (compareRulesetIds(id, registry.latest.id) <= 0) {
    throw new PublishRefusedError('The new id must come after the latest published ruleset.', [
      `${id} is not after ${registry.latest.id}`,
    ]);
  }
  const candidate = candidateFromDraft(registry, options.draft, options.today, id);
  const base = registry.get(options.draft.base);
  const diff = diffRulesets(base, candidate);

  // The suite before (as published) and after (with the candidate as the latest version). What the
  // candidate changes is what differs; a case already failing the same way is not the draft's doing.
  const before = new Map(runGoldenSuite(options.goldenDir, registry).map((o) => [`${o.file}\n${o.name}`, o]));
  const withCandidate = new RulesetRegistry([...registry.list().map((s) => registry.get(s.id)), candidate]);
  const outcomes = runGoldenSuite(options.goldenDir, withCandidate);
  const allowed = new Set(options.draft.goldenUpdates.map((f) => f.replace(/^.*[\\/]/, '')));
  const unchanged = (o: GoldenOutcome) => {
    const b = before.get(`${o.file}\n${o.name}`);
    // Messages name the ruleset that answered: the latest before, the candidate after.
    const same = (d?: string) => d?.replaceAll(`ruleset ${id} `, `ruleset ${registry.latest.id} `);
    return b !== undefined && b.passed === o.passed && same(b.detail) === same(o.detail);
  };
  const failures = outcomes.filter((o) => !o.passed && !unchanged(o));
  const alreadyFailing = outcomes.filter((o) => !o.passed && unchanged(o));
  const refused = failures.filter((o) => o.pinned !== undefined || !allowed.has(o.file));
  if (refused.length > 0) {
    throw new PublishRefusedError(
      `The golden suite fails against ${id}: a published result would change. Fix the draft, or list the golden file in goldenUpdates if the change is intended (pinned cases can never change).`,
      refused.map(
        (o) => `${o.file}: ${o.name}${o.pinned ? ` (pinned to ${o.pinned})` : ''}: ${o.detail ?? 'failed'}`,
      ),
    );
  }
  const folder = join(options.rulesetsDir, id);
  if (existsSync(folder)) {
    throw new PublishRefusedError('Published folders are never overwritten.', [`${folder} exists`]);
  }
  const result = {
    id,
    hash: candidate.hash,
    folder,
    diff,
    golden: {
      total: outcomes.length,
      passed: outcomes.filter((o) => o.passed).length,
      intendedChanges: failures,
      alreadyFailing,
    },
  };
  if (options.dryRun) return { ...result, written: false };

  // Write beside the target and rename: a half-written folder is never seen as a ruleset.
  const staging = join(options.rulesetsDir, `.staging-${id}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    writeRulesetFolder(candidate, staging);
    const reread = Ruleset.build(readRulesetFolder(staging), { verifyHash: true });
    if (reread.hash !== candidate.hash) throw new Error(`written ${reread.hash}, built ${candidate.hash}`);
    renameSync(staging, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  // Every published version, old and new, must still load with its own hash.
  const after = loadRulesets(options.rulesetsDir);
  for (const summary of registry.list()) {
    if (after.get(summary.id).hash !== summary.hash)
      throw new Error(`${summary.id} changed while publishing`);
  }
  return { ...result, written: true };
}
