/**
 * cdk-nag's AWS Solutions rules over the whole app: zero findings left, and every finding that was
 * acknowledged carries a reason someone can review.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './support.ts';

const built = buildApp();
afterAll(() => built.cleanup());

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, value] of Object.entries(entry.data as Record<string, unknown>)) {
        const reason =
          typeof value === 'string' ? value : String((value as { reason?: unknown })?.reason ?? '');
        out.push({ path: c.node.path, id, reason });
      }
    }
  }
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on either stack', () => {
    const report = new AwsSolutionsChecks(built.app, { verbose: true }).validateScope(built.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('every acknowledgement has a reason of substance', () => {
    const acks = acknowledgements(built.app);
    expect(acks.length).toBeGreaterThan(5);
    for (const a of acks) {
      expect(a.id, a.path).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
    }
  });

  it('nothing is acknowledged wholesale: no stack-level acknowledgements', () => {
    const stackLevel = acknowledgements(built.app).filter((a) => a.path.split('/').length < 2);
    expect(stackLevel).toEqual([]);
  });
});
