/**
 * npm run ruleset:publish -- --draft FILE [--id YYYY.N] [--rulesets-dir DIR] [--golden-dir DIR] [--dry-run]
 * Publishes a draft as a new immutable ruleset folder after the golden suite passes against it.
 * Exit 0 published (or checked, with --dry-run), 1 refused, 2 usage.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDiff } from '../../rules/draft.ts';
import { RulesetValidationError } from '../../rules/index.ts';
import { readDraftFile } from '../policy/draft-text.ts';
import { PublishRefusedError, publishDraft } from '../policy/publish.ts';
import { rulesetsDir, todayInChina } from '../policy/rulesets-for-replay.ts';

const DEFAULT_GOLDEN_DIR = fileURLToPath(new URL('../../test/golden/', import.meta.url));
const USAGE =
  'usage: npm run ruleset:publish -- --draft FILE [--id YYYY.N] [--rulesets-dir DIR] [--golden-dir DIR] [--dry-run]';

function main(): number {
  const { values } = parseArgs({
    options: {
      draft: { type: 'string' },
      id: { type: 'string' },
      'rulesets-dir': { type: 'string' },
      'golden-dir': { type: 'string' },
      'dry-run': { type: 'boolean' },
      today: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.draft) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.id !== undefined && !/^\d{4}\.\d{1,4}$/.test(values.id)) {
    process.stderr.write(`--id must be YYYY.N, not ${values.id}\n`);
    return 2;
  }
  try {
    const draft = readDraftFile(values.draft);
    const result = publishDraft({
      rulesetsDir: rulesetsDir(values['rulesets-dir']),
      goldenDir: values['golden-dir'] ?? DEFAULT_GOLDEN_DIR,
      draft,
      today: values.today ?? todayInChina(),
      ...(values.id !== undefined ? { id: values.id } : {}),
      ...(values['dry-run'] ? { dryRun: true } : {}),
    });
    process.stdout.write(
      [
        `${result.written ? 'published' : 'checked (dry run)'} ${result.id} ${result.hash}`,
        `folder: ${result.folder}`,
        `golden: ${result.golden.passed}/${result.golden.total} passed`,
        ...result.golden.intendedChanges.map(
          (o) => `  intended change: ${o.file}: ${o.name}: ${o.detail ?? ''}`,
        ),
        'changes:',
        ...formatDiff(result.diff).map((l) => `  ${l}`),
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof PublishRefusedError || error instanceof RulesetValidationError) {
      process.stderr.write(`refused: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
