/**
 * Who may read whose audit record (docs/api.md, "Reading audit records"). A record holds a resident's
 * case, pseudonymised but detailed (statuses such as imprisoned or 低保, payments, hukou history), so
 * a record is not readable by every authenticated caller:
 *
 * - the principal that made the calculation reads the whole record;
 * - `policy` reads every record: the policy and fund offices oversee the scheme's decisions, whoever
 *   made them, and compare them with replays of rule changes;
 * - `caseworker` reads the records caseworkers made: casework is shared (a colleague's file taken
 *   over, a county office reviewing a township's decision, an appeal). Principals carry no office or
 *   county, so the role is the narrowest scope the service can check; records of systems and of
 *   policy staff are not casework;
 * - `system` reads only its own: a government system's calls are its own business, not another's.
 *
 * A reader other than the maker gets the record without `person.idNumberHmac`: the keyed pseudonym
 * links every calculation about one resident, and only the caller who held the ID number needs that.
 * A record the caller may not read is answered as an id that does not exist (404), so the answer says
 * nothing about whether it exists.
 */
import type { Principal } from '../shared/auth.ts';
import type { AuditRecord } from '../store/audit.ts';

function mayRead(record: AuditRecord, reader: Principal): boolean {
  if (record.principalId === reader.principalId) return true;
  if (reader.role === 'policy') return true;
  return reader.role === 'caseworker' && record.role === 'caseworker';
}

/** The record as this reader may see it, or undefined when it may not see it at all. */
export function recordForReader(record: AuditRecord, reader: Principal): AuditRecord | undefined {
  if (!mayRead(record, reader)) return undefined;
  if (record.principalId === reader.principalId) return record;
  const person = record.input.person as Record<string, unknown> | undefined;
  if (!person || !('idNumberHmac' in person)) return record;
  const { idNumberHmac: _withheld, ...shown } = person;
  return { ...record, input: { ...record.input, person: shown } };
}
