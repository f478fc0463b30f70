/**
 * Runs the screenings POST /v1/screenings queued, in AWS: the Policy table's stream delivers each new
 * item, filtered by the event source to inserted screening items (infra/stacks/service-stack.ts). A
 * run records its own failure on its item (functions/screening/api-run.ts), so a batch never fails
 * for one screening and is never retried into a second run.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { runStoredScreening } from '../screening/api-run.ts';

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image === undefined) continue;
    const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
    if (item.kind === 'screening' && typeof item.id === 'string') await runStoredScreening(item.id);
  }
}
