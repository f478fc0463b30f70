/**
 * A worker thread of the batch CLI: receives batches of input bytes, answers them with
 * assess-batch.ts, and hands the output bytes back (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UnknownRulesetError } from '../../rules/index.ts';
import { type BatchOptions, BatchProcessor } from './assess-batch.ts';

export interface BatchMessage {
  readonly seq: number;
  readonly firstLine: number;
  readonly input: Uint8Array;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'fatal'; readonly usage: boolean; readonly message: string }
  | {
      readonly type: 'done';
      readonly seq: number;
      readonly output: ArrayBuffer;
      readonly length: number;
      readonly answered: number;
      readonly failed: number;
    };

const port = parentPort;
if (!port) throw new Error('assess-worker runs as a worker thread');

let processor: BatchProcessor | undefined;
try {
  processor = new BatchProcessor(workerData as BatchOptions);
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage({
    type: 'fatal',
    usage: error instanceof UnknownRulesetError,
    message: (error as Error).message,
  } satisfies WorkerReply);
}

/** An output buffer handed back by the main thread once written, for reuse. */
export interface RecycleMessage {
  readonly recycle: ArrayBuffer;
}

port.on('message', (message: BatchMessage | RecycleMessage) => {
  if (!processor) return;
  if ('recycle' in message) {
    processor.recycle(message.recycle);
    return;
  }
  const { input } = message;
  const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  const result = processor.run(text, message.firstLine);
  const output = result.bytes.buffer as ArrayBuffer;
  port.postMessage(
    {
      type: 'done',
      seq: message.seq,
      output,
      length: result.length,
      answered: result.answered,
      failed: result.failed,
    } satisfies WorkerReply,
    [output],
  );
});
