/**
 * Publishing, always on a temporary copy of the rulesets folder (never rules/rulesets itself), with
 * the real golden suite of test/golden and with small golden folders made for the test.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PublishRefusedError, publishDraft } from '../../functions/policy/publish.ts';
import { DEFAULT_RULESETS_DIR, loadRulesets } from '../../functions/shared/load-rulesets.ts';
import { parseDraft } from '../../rules/draft.ts';
import { nationalMinimum } from './support.ts';

const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));
let root: string;
let rulesets: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'policy-publish-'));
  rulesets = join(root, 'rulesets');
  cpSync(DEFAULT_RULESETS_DIR, rulesets, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, name.name);
      if (name.isDirectory()) walk(path);
      else out[path.slice(dir.length)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** The latest published ruleset, and the id the next one gets. */
const LATEST = '2026.2';
const NEXT = '2026.3';

/**
 * A small golden folder of our own: one case pinned to 2026.1, one on the latest version (Lanzhou,
 * March 2026, aged 85: 163 under 2026.1; 163 + 20 provincial + 20 municipal + 25 at 80 under 2026.2).
 */
function goldenDir(): string {
  const golden = join(root, 'golden');
  mkdirSync(golden, { recursive: true });
  const input = {
    person: { birthDate: '1940-05-15', hukou: [{ area: '620102', from: '1940-05-15' }] },
    month: '2026-03',
  };
  writeFileSync(
    join(golden, 'pinned.yaml'),
    JSON.stringify([
      {
        name: 'pinned to 2026.1',
        reference: 'test',
        ruleset: '2026.1',
        endpoint: 'entitlement',
        input,
        expected: { total: '163.00' },
      },
      { name: 'latest', reference: 'test', endpoint: 'entitlement', input, expected: { total: '228.00' } },
    ]),
  );
  return golden;
}

const publish = (changes: unknown[], extra: Record<string, unknown> = {}, golden = goldenDir()) =>
  publishDraft({
    rulesetsDir: rulesets,
    goldenDir: golden,
    draft: parseDraft({ base: LATEST, changes, ...extra }),
    today: '2026-12-01',
  });

describe('publishing a draft', () => {
  it('writes a new immutable folder that loads with its hash, and leaves the published ones as they were', () => {
    const before = snapshot(join(rulesets, LATEST));
    const result = publish([nationalMinimum('2027-01-01', '183.00')]);
    expect(result).toMatchObject({ id: NEXT, written: true });
    expect(result.golden.passed).toBe(result.golden.total - result.golden.alreadyFailing.length);
    const registry = loadRulesets(rulesets);
    expect(registry.list().map((r) => r.id)).toEqual(['2026.1', LATEST, NEXT]);
    expect(registry.get(NEXT)).toMatchObject({ hash: result.hash });
    expect(registry.get(NEXT).summary()).toMatchObject({ publishedAt: '2026-12-01', basedOn: LATEST });
    expect(snapshot(join(rulesets, LATEST))).toEqual(before);
    expect(readdirSync(rulesets).sort()).toEqual(['2026.1', LATEST, NEXT]);
  });

  it('refuses a draft that changes a result of the real golden suite, naming the case', () => {
    let refused: unknown;
    try {
      publish([nationalMinimum('2026-01-01', '183.00')], {}, GOLDEN);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(PublishRefusedError);
    expect((refused as PublishRefusedError).problems.join('\n')).toMatch(/gansu-2026\.2\.yaml: .*183\.00/);
    expect(existsSync(join(rulesets, NEXT))).toBe(false);
  });

  it('publishes an intended change of unpinned golden cases only when the draft lists their file', () => {
    const raise = [nationalMinimum('2026-01-01', '183.00')];
    expect(() => publish(raise)).toThrow(/pinned\.yaml: latest: got \{"total":"248\.00"\}/);
    const result = publish(raise, { goldenUpdates: ['test/golden/pinned.yaml'] });
    expect(result.written).toBe(true);
    // The pinned case keeps running against 2026.1 and passes; only the unpinned one changes.
    expect(result.golden.intendedChanges.map((o) => o.name)).toEqual(['latest']);
  });

  it('never lets a pinned golden case change, and refuses ids that are not after the latest', () => {
    const golden = goldenDir();
    // A case pinned to the id being published fails before (no such ruleset) and differently after:
    // the candidate changes it, and a pinned case can never be listed away.
    writeFileSync(
      join(golden, 'pinned-latest.yaml'),
      JSON.stringify([
        {
          name: 'pinned to the new id',
          reference: 'test',
          ruleset: NEXT,
          endpoint: 'entitlement',
          input: {
            person: { birthDate: '1940-05-15', hukou: [{ area: '620102', from: '1940-05-15' }] },
            month: '2026-03',
          },
          expected: { total: '163.00' },
        },
      ]),
    );
    expect(() =>
      publish(
        [nationalMinimum('2026-01-01', '183.00')],
        { goldenUpdates: ['pinned.yaml', 'pinned-latest.yaml'] },
        golden,
      ),
    ).toThrow(/pinned-latest\.yaml: pinned to the new id \(pinned to 2026\.3\)/);
    expect(() => publish([], { id: LATEST }, golden)).toThrow(/not after/);
    expect(() => publish([], { id: '2025.9' }, golden)).toThrow(/not after/);
    expect(existsSync(join(rulesets, NEXT))).toBe(false);
  });
});
