/**
 * The Policy table's stream as a queue of runs: a handler that runs each inserted item of one kind,
 * one after another. The event source filters to such items (infra/stacks/service-stack.ts); the
 * check here keeps a wider filter from starting anything else.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { PolicyKind } from './store.ts';

export function runInsertedItems(
  kind: PolicyKind,
  run: (id: string) => Promise<void>,
): (event: DynamoDBStreamEvent) => Promise<void> {
  return async (event) => {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || image === undefined) continue;
      const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
      if (item.kind === kind && typeof item.id === 'string') await run(item.id);
    }
  };
}
