/**
 * Staff sign-in: a Cognito user pool with no self sign-up (an administrator creates each account),
 * MFA required, threat protection enforced, and two groups, `caseworker` and `policy`, whose
 * membership becomes the `role` claim of the ID token (functions/authorizer/pre-token.ts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES } from '../../functions/authorizer/pre-token.ts';
import type { ApiFunction } from './api-function.ts';

export interface StaffIdentityProps {
  readonly preTokenGeneration: ApiFunction;
}

export class StaffIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: compromised-credential checks and adaptive authentication, enforced (not audit-only).
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lambdaTriggers: { preTokenGeneration: props.preTokenGeneration.function },
    });

    for (const role of STAFF_ROLES) {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `Staff with the API role "${role}"`,
      });
    }

    this.client = this.userPool.addClient('Client', {
      // A public client (the caseworker page, command-line tools): no client secret to leak.
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      // Users may change their own name and email, nothing that touches authorization.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });
  }
}
