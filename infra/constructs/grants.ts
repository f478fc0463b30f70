/**
 * Least-privilege grants, named by what a function does with a resource rather than by IAM action
 * lists scattered through the stacks. Each grant also covers the table's or secret's KMS key.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledge, logicalId } from '../nag.ts';

/**
 * - `read`: GetItem and Query (the table and its indexes).
 * - `append`: PutItem and GetItem only: write a new record (the store's conditional put refuses to
 *   overwrite), read one back. The form for immutable records.
 * - `readwrite`: Get, Put, Update, Delete, Query: for mutable state (idempotency records, drafts).
 */
export type TableAccess = 'read' | 'append' | 'readwrite';

const ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  append: ['dynamodb:PutItem', 'dynamodb:GetItem'],
  readwrite: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
  ],
};

/** Every action that can change or remove an existing item; denied outright on immutable tables. */
export const MUTATING_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:DeleteTable',
  'dynamodb:UpdateTable',
] as const;

export interface TableGrant {
  readonly table: dynamodb.Table;
  readonly access: TableAccess;
  /** Records that are never updated or deleted (audit): only `read` or `append`, plus an explicit Deny. */
  readonly immutable?: boolean;
  /** Names of the table's global secondary indexes a `read`/`readwrite` grant may Query. */
  readonly indexes?: readonly string[];
}

/** The actions DynamoDB needs on a customer-managed key for a caller's reads and writes. */
const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

export function grantTable(
  grantee: iam.IGrantable,
  { table, access, immutable, indexes = [] }: TableGrant,
): void {
  if (immutable && access === 'readwrite') {
    throw new Error(
      `${table.node.path} holds immutable records: grant 'append' or 'read', never 'readwrite'.`,
    );
  }
  const resources = [table.tableArn];
  // Query reaches indexes through their own ARNs (table/<name>/index/<index>), each named.
  if (ACTIONS[access].includes('dynamodb:Query')) {
    for (const index of indexes) resources.push(`${table.tableArn}/index/${index}`);
  }
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [...ACTIONS[access]], resources }),
  );
  if (table.encryptionKey) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: access === 'read' ? KMS_READ : KMS_WRITE,
        resources: [table.encryptionKey.keyArn],
      }),
    );
  }
  if (immutable) {
    // An explicit Deny wins over any Allow added later by mistake (a broad grant, a managed policy).
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: [...MUTATING_ACTIONS],
        resources: [table.tableArn],
      }),
    );
  }
}

/**
 * Read access to the pseudonymisation key. The functions read it through the Parameters and
 * Secrets Lambda Extension, which calls Secrets Manager with the function's own role: the secret's
 * read (and its KMS key's decrypt, through Secrets Manager only) is all the role needs.
 */
export function grantPseudonymKey(grantee: iam.IGrantable, secret: secretsmanager.Secret): void {
  secret.grantRead(grantee);
}

/**
 * `actions` on the objects under `prefix` of a bucket, with `kmsActions` on the bucket's key. The
 * object wildcard is a cdk-nag finding (IAM5), acknowledged on the role with `why`.
 */
export function grantObjectActions(
  role: iam.Role,
  bucket: s3.Bucket,
  key: kms.IKey,
  grant: { actions: string[]; kmsActions: string[]; prefix: string; why: string },
): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: grant.actions, resources: [bucket.arnForObjects(grant.prefix)] }),
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: grant.kmsActions, resources: [key.keyArn] }));
  acknowledge(role, `AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/${grant.prefix}]`, grant.why);
}

/** Object reads (GetObject) or reads and writes (PutObject too) anywhere in one bucket, with its KMS key. */
export function grantObjects(
  role: iam.Role,
  bucket: s3.Bucket,
  key: kms.IKey,
  access: 'read' | 'readwrite',
  why: string,
): void {
  const write = access === 'readwrite';
  grantObjectActions(role, bucket, key, {
    actions: write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
    kmsActions: write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
    prefix: '*',
    why,
  });
}
