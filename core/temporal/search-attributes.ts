/**
 * Custom search attributes Redress sets on every complaint workflow, so the Temporal UI and
 * visibility queries can find complaints by business fields. Registered at start: by the dev
 * server's `--search-attribute` flags, or by docker-compose's admin-tools step. The typed keys the
 * workflow upserts live in workflows/complaint.search-attributes.ts; a unit test keeps both in step.
 */
export type SearchAttributeKind = 'Keyword' | 'Int' | 'Text' | 'Datetime' | 'Bool' | 'Double' | 'KeywordList';

export const SEARCH_ATTRIBUTES: { name: string; type: SearchAttributeKind }[] = [
  { name: 'RedressTrackingCode', type: 'Keyword' },
  { name: 'RedressStage', type: 'Keyword' },
  { name: 'RedressCategory', type: 'Keyword' },
  { name: 'RedressChannel', type: 'Keyword' },
  { name: 'RedressProcessVersion', type: 'Int' },
  { name: 'RedressPriority', type: 'Keyword' },
];
