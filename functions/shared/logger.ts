/**
 * The structured JSON logger (Powertools) every adapter uses. Request bodies are never logged; as a
 * second line of defence the formatter masks anything that looks like a resident ID number
 * (18 or 15 digits, GB 11643) and any bearer token before a line is written (PIPL Art. 51, data
 * minimisation in telemetry).
 */
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { ID_LIKE } from './id-like.ts';

const BEARER = /Bearer\s+\S+/gi;

function redact(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(ID_LIKE, '[redacted]').replace(BEARER, 'Bearer [redacted]');
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k) as string, redact(v)]));
  }
  return value;
}

class RedactingFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base = {
      timestamp: this.formatTimestamp(attributes.timestamp),
      level: attributes.logLevel,
      service: attributes.serviceName,
      message: attributes.message,
      ...(attributes.lambdaContext ? { function: attributes.lambdaContext.functionName } : {}),
      ...(attributes.xRayTraceId ? { xray_trace_id: attributes.xRayTraceId } : {}),
    };
    const extra = Object.fromEntries(
      Object.entries(additional).map(([k, v]) => [k, v instanceof Error ? this.formatError(v) : v]),
    );
    return new LogItem({ attributes: redact({ ...base, ...extra }) as LogAttributes });
  }
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pension-api',
  logFormatter: new RedactingFormatter(),
});
