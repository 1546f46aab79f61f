/** One sample of a Prometheus text exposition: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Reads the SDK's Prometheus endpoint (Runtime telemetry) into samples. The exporter starts listening
 * a moment after the first worker is created: retries for a few seconds.
 */
export async function scrape(url: string): Promise<Sample[]> {
  let text = '';
  for (let attempt = 0; ; attempt++) {
    try {
      text = await (await fetch(url)).text();
      break;
    } catch (err) {
      if (attempt >= 40) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** Sum of every sample of `name` whose labels include `where`. */
export function total(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
}

/**
 * Mean of a latency histogram between two scrapes (ms, as the SDK exports by default), restricted
 * to samples whose labels include `where`; also the number of observations.
 */
export function histogramMean(
  before: Sample[],
  after: Sample[],
  name: string,
  where: Record<string, string>,
): { count: number; meanMs: number } {
  const count = total(after, `${name}_count`, where) - total(before, `${name}_count`, where);
  const sum = total(after, `${name}_sum`, where) - total(before, `${name}_sum`, where);
  return { count, meanMs: count ? sum / count : NaN };
}
