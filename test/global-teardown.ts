/** Stops the servers the global set-up started (their data folders are throw-away). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__REDRESS_STACK__?.stop();
}
