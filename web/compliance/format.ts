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
