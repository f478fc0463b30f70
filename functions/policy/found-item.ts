/** A stored item as the GET routes read it: found or a 404, and shown without whose it is. */
import { notFound } from '../shared/http-errors.ts';
import { getPolicyItem, type PolicyItem, type PolicyKind } from './store.ts';

const NAMES: Record<PolicyKind, string> = {
  draft: 'Draft',
  'case-set': 'Case set',
  simulation: 'Simulation',
  screening: 'Screening',
};

/** The item with this id and kind; a 404 ("Simulation <id> does not exist.") when there is none. */
export async function foundPolicyItem(id: string, kind: PolicyKind): Promise<PolicyItem> {
  const item = await getPolicyItem(id, kind);
  if (!item) throw notFound(`${NAMES[kind]} ${id}`);
  return item;
}

/** What a GET shows of an item: every field but the principal that made it and the item's kind. */
export function shownFields(item: PolicyItem): Omit<PolicyItem, 'principalId' | 'kind'> {
  const { principalId: _who, kind: _kind, ...shown } = item;
  return shown;
}
