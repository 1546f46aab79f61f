/** Display formats shared by the compliance and reports pages (the JSON keeps raw numbers). */

/** Hours as "45 min", "5.5 h" or "3.2 d". */
export function formatHours(h: number | null | undefined): string {
  if (h === null || h === undefined || Number.isNaN(h)) return '—';
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} d`;
}

/** A fraction as "87.5 %". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${Math.round(rate * 1000) / 10} %`;
}

/** An amount with two decimals and thousands separators. */
export function formatAmount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Pretty JSON for <pre> blocks, cut at `max` characters. */
export function prettyJson(value: unknown, max = 20_000): string {
  const text = JSON.stringify(value, null, 2) ?? '';
  return text.length > max ? `${text.slice(0, max)}\n…` : text;
}

/** An instant as "2026-03-01 14:05:09" (UTC, to the second): exact and sortable, for audit trails. */
export function formatInstant(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('T', ' ').slice(0, 19);
}

/** An audit entry's data on one line: "name: Approve remedy · fields: decision, reason" (hashes shortened). */
export function compactData(data: Record<string, unknown>): string {
  const show = (v: unknown): string => {
    if (Array.isArray(v)) return v.map(show).join(', ');
    if (typeof v === 'string') return /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : v;
    if (v && typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };
  return Object.entries(data)
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join(' · ');
}
