/**
 * The CDK app: `npx cdk synth` (offline, no account needed) and `npx cdk deploy --all`.
 * cdk-nag's AWS Solutions checks run on every synth; an unacknowledged finding stops it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ReplayStack } from './stacks/replay-stack.ts';
import { ScreeningStack } from './stacks/screening-stack.ts';
import { ServiceStack } from './stacks/service-stack.ts';

const app = new App();
const concurrencyScale = Number(app.node.tryGetContext('concurrencyScale') ?? 1);

new ServiceStack(app, 'PensionService', {
  description: 'Urban and Rural Residents Basic Pension: entitlement API, audit data, staff sign-in',
  concurrencyScale,
});
new ReplayStack(app, 'PensionReplay', {
  description: 'Urban and Rural Residents Basic Pension: policy replays of historical cases at scale',
  concurrencyScale,
});

new ScreeningStack(app, 'PensionScreening', {
  description: 'Urban and Rural Residents Basic Pension: coverage screening of department lists at scale',
  concurrencyScale,
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
