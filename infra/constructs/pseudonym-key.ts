/**
 * An HMAC-SHA256 key for pseudonymising resident ID numbers, generated once by Secrets Manager as
 * 64 hex digits (so functions/shared/pseudonym.ts decodes it as 32 raw bytes), encrypted with the
 * stack's KMS key and retained: losing it would orphan every stored pseudonym. Not rotated
 * automatically (cdk-nag SMG4 acknowledged): a new key changes every pseudonym, so re-keying is a
 * planned migration, not a schedule.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

export function pseudonymKeySecret(
  scope: Construct,
  id: string,
  options: { key: kms.IKey; description: string; secretName?: string; whyNotRotated: string },
): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    ...(options.secretName ? { secretName: options.secretName } : {}),
    description: options.description,
    encryptionKey: options.key,
    generateSecretString: {
      passwordLength: 64,
      excludePunctuation: true,
      excludeUppercase: true,
      includeSpace: false,
      excludeCharacters: 'ghijklmnopqrstuvwxyz',
    },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(secret, 'AwsSolutions-SMG4', options.whyNotRotated);
  return secret;
}
