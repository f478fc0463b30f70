/**
 * cdk-nag's AWS Solutions rules over the whole app: zero findings left, and every finding that was
 * acknowledged is one of the named rules below, on the kind of resource the rule was acknowledged
 * for (docs/infra.md lists them), with a reason.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
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

  it('acknowledges only the named rules, each where it was meant for, with a reason', () => {
    const publicPaths = ROUTES.filter((r) => r.roles.length === 0).map((r) => r.path.slice(1));
    const STATE_MACHINE = /^PensionReplay\/Replay$/;
    const ALLOWED: { readonly rule: RegExp; readonly where: RegExp; readonly what: string }[] = [
      {
        rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
        where: /\/Role$|^PensionReplay\/Replay$/,
        what: 'X-Ray',
      },
      {
        rule: /^AwsSolutions-IAM5\[Resource::<\w+\.Arn>\/(replays\/)?\*\]$/,
        where: /\/Role$/,
        what: 'objects under a bucket prefix',
      },
      {
        rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:s3:::<\w+>\/\*\]$/,
        where: STATE_MACHINE,
        what: "the state machine's bucket objects",
      },
      {
        rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:/,
        where: STATE_MACHINE,
        what: "the Distributed Map's child executions",
      },
      {
        rule: /^AwsSolutions-IAM5\[Resource::<\w+\.Arn>:\*\]$/,
        where: STATE_MACHINE,
        what: 'Lambda versions',
      },
      {
        rule: /^AwsSolutions-IAM5\[Action::kms:GenerateDataKey\*\]$/,
        where: STATE_MACHINE,
        what: "the queue's key",
      },
      { rule: /^AwsSolutions-S1$/, where: /\/AccessLogs$/, what: 'a log bucket not logging itself' },
      { rule: /^AwsSolutions-SQS3$/, where: /^PensionReplay\/DeadLetters$/, what: 'the dead-letter queue' },
      {
        rule: /^AwsSolutions-SMG4$/,
        where: /^PensionService\/Data\/PseudonymKey$/,
        what: 'the pseudonym key',
      },
      {
        rule: /^AwsSolutions-APIG4$/,
        where: new RegExp(
          `/Api/(?:GET|HEAD)--(?:${publicPaths.map((p) => p.replaceAll('.', '\\.')).join('|')})$`,
        ),
        what: 'the public routes',
      },
    ];
    const acks = acknowledgements(built.app);
    const used = new Set<string>();
    for (const a of acks) {
      const rule = a.id.replace(/^Annotation::/, '');
      const allowed = ALLOWED.filter((x) => x.rule.test(rule) && x.where.test(a.path));
      expect(
        allowed.map((x) => x.what),
        `${a.path} ${rule}`,
      ).toHaveLength(1);
      for (const x of allowed) used.add(x.what);
      expect(a.reason.trim(), `${a.path} ${rule}`).not.toBe('');
    }
    // Each named acknowledgement is still needed somewhere (else it goes from this list).
    expect([...used].sort()).toEqual(ALLOWED.map((x) => x.what).sort());
    // Every public route (GET and the HEAD beside it), on both APIs, and no other route, goes
    // without an authorizer.
    const apig4 = acks
      .filter((a) => a.id.endsWith('AwsSolutions-APIG4'))
      .map((a) => a.path.split('/Api/')[1]);
    const expected = publicPaths.flatMap((p) => [`GET--${p}`, `HEAD--${p}`]);
    expect(apig4.sort()).toEqual([...expected, ...expected].sort());
  });

  it('nothing is acknowledged wholesale: no stack-level acknowledgements', () => {
    const stackLevel = acknowledgements(built.app).filter((a) => a.path.split('/').length < 2);
    expect(stackLevel).toEqual([]);
  });
});
