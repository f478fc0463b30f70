/** The buckets that hold case data, and the bucket of their access logs. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/**
 * aws-cdk-lib's Bucket declares optional members without `| undefined`, which our
 * exactOptionalPropertyTypes rejects where an IBucket is expected; the object is the same.
 */
export const iBucket = (bucket: s3.Bucket): s3.IBucket => bucket as unknown as s3.IBucket;

/**
 * The server-access-log bucket of the buckets that hold case data. Access logs cannot be delivered
 * to an SSE-KMS bucket, so this one uses SSE-S3; it keeps a year of logs and is retained.
 */
export function accessLogBucket(scope: Construct, id: string, logsOf: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(
    bucket,
    'AwsSolutions-S1',
    `This is the access-log bucket of ${logsOf}; logging it into itself would loop.`,
  );
  return bucket;
}

/**
 * A bucket of case data (ID numbers in clear): on the stack's KMS key, no public access, TLS only,
 * versioned with old versions kept 30 days, its access logged to `accessLogs` under `prefix`,
 * retained. `expireAfterDays` also expires current objects (uploaded lists kept no longer than a
 * run needs).
 */
export function caseDataBucket(
  scope: Construct,
  id: string,
  options: { key: kms.IKey; accessLogs: s3.Bucket; prefix: string; expireAfterDays?: number },
): s3.Bucket {
  return new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: options.key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: iBucket(options.accessLogs),
    serverAccessLogsPrefix: options.prefix,
    lifecycleRules: [
      { noncurrentVersionExpiration: Duration.days(30) },
      ...(options.expireAfterDays ? [{ expiration: Duration.days(options.expireAfterDays) }] : []),
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
