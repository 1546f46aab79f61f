/** Runs `fn(0..n-1)` with at most `concurrency` calls in flight; resolves when all are done. */
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
}

/** Polls `check` every `everyMs` until it returns true; throws `what` after `timeoutMs`. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A complaint as a customer submits it; `i` makes the customer unique (no shared customer row). */
export function benchComplaint(i: number, label: string) {
  return {
    customer: {
      name: `Bench Customer ${i}`,
      email: `${label}.${i}@bench.test`,
      phone: `+44 20 ${String(70000000 + i).slice(-8)}`,
      locale: 'en' as const,
    },
    channel: 'web' as const,
    type: 'complaint' as const,
    subject: 'Broken kettle',
    description: `The kettle stopped working after two days (bench ${label} #${i}).`,
  };
}
