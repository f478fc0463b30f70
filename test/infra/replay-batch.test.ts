/**
 * The Step Functions batch Lambda and the CLI agree: the same cases give the same aggregates through
 * the Distributed Map's item shape ({ line, case }) as through the CLI's raw lines, line numbers
 * come from the map's item index, and a bad case is reported on its own line, not as a failed batch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayRawLines } from '../../functions/policy/batch-parse.ts';
import { readDraftText } from '../../functions/policy/draft-text.ts';
import { candidateFromDraft } from '../../functions/policy/rulesets-for-replay.ts';
import { handler } from '../../functions/replay-batch/handler.ts';
import { rulesetsFor } from '../../functions/replay-batch/spec.ts';
import { loadRulesets } from '../../functions/shared/load-rulesets.ts';
import { nationalRaiseYaml } from '../policy/support.ts';

const good = JSON.parse(
  (JSON.parse(readFileSync('events/apigw-http/entitlement/good.json', 'utf8')) as { body: string }).body,
) as Record<string, unknown>;

const spec = {
  baseline: '2026.1',
  candidate: '2026.1',
  startedAt: '2026-11-29T02:00:00.000Z',
  resultsPrefix: 'replays/test',
};

describe('replay batch Lambda', () => {
  it('replays map items exactly as the CLI replays the same lines', async () => {
    const cases = [good, { ...good, month: '2021-01' }, { person: { birthDate: 'not a date' } }, good];
    const items = cases.map((c, i) => ({ line: 101 + i, case: c }));
    const out = await handler({ Items: items, BatchInput: spec });

    const { baseline, candidate } = rulesetsFor(spec);
    const cli = replayRawLines(
      items.map((it) => [it.line, JSON.stringify(it.case)] as const),
      { kind: 'jsonl' },
      baseline,
      candidate,
      {},
    );
    expect(out.aggregates).toEqual(cli.aggregates);
    expect(out.firstLine).toBe(101);
    expect(out.lines).toBe(4);
    expect(out.aggregates.errors).toBe(1);
    expect(out.aggregates.errorLines.map((e) => e.line)).toEqual([103]);
    expect(out.aggregates.cases + out.aggregates.errors).toBe(4);
    // Same ruleset on both sides: nothing changes, so nothing is written to S3.
    expect(out.aggregates.changed).toBe(0);
    expect(out.changesKey).toBeUndefined();
  });

  it('applies the replay month to every case', async () => {
    const items = [{ line: 1, case: good }];
    const own = await handler({ Items: items, BatchInput: spec });
    const moved = await handler({ Items: items, BatchInput: { ...spec, month: '2024-06' } });
    expect(moved.aggregates.total.monthlyBaseline).not.toBe(own.aggregates.total.monthlyBaseline);
  });

  it('builds a draft given as JSON in the execution input into the candidate the CLI would', () => {
    const draftText = nationalRaiseYaml('batch test');
    // What `npx yaml --single --json < raise.yaml` gives for the file the CLI would read.
    const draft = JSON.parse(JSON.stringify(readDraftText(draftText))) as unknown;
    const resolved = rulesetsFor({ ...spec, candidate: { draft, draftName: 'raise.yaml' } });
    // Dated on the execution's start day, China time (02:00Z is 10:00 in China, the same day).
    const expected = candidateFromDraft(loadRulesets(), readDraftText(draftText), '2026-11-29');
    expect(resolved.candidate.hash).toBe(expected.hash);
    expect(resolved.spec.candidate).toEqual({ draft: readDraftText(draftText), draftName: 'raise.yaml' });
    expect(() =>
      rulesetsFor({
        ...spec,
        candidate: { draft: { base: '2026.2', changes: 'none' }, draftName: 'bad.json' },
      }),
    ).toThrow(/changes/);
  });
});
