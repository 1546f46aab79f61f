import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { clockDurationText, profileSchema, type JurisdictionProfile } from './profile.schema';

/** Folder of the shipped profiles (a build copies it next to the compiled code). */
export const PROFILES_DIR = path.join(__dirname, 'profiles');

/** Thrown when a profile file does not validate: names the file and every problem. */
export class ProfileFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Jurisdiction profile ${file} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ProfileFileError';
  }
}

/** Thrown when a profile key names no profile. */
export class UnknownProfileError extends Error {
  constructor(readonly key: string) {
    super(`There is no jurisdiction profile "${key}".`);
    this.name = 'UnknownProfileError';
  }
}

const cache = new Map<string, Map<string, JurisdictionProfile>>();

/**
 * Every profile of a folder (`<key>.json`, validated by the zod schema), read once per folder.
 * @throws ProfileFileError for a file that does not validate or whose key is not its name.
 */
export function loadProfiles(dir: string = PROFILES_DIR): Map<string, JurisdictionProfile> {
  const cached = cache.get(dir);
  if (cached) return cached;
  const profiles = new Map<string, JurisdictionProfile>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      throw new ProfileFileError(file, [(error as Error).message]);
    }
    const parsed = profileSchema.safeParse(json);
    if (!parsed.success)
      throw new ProfileFileError(
        file,
        parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      );
    if (`${parsed.data.key}.json` !== file)
      throw new ProfileFileError(file, [`its key "${parsed.data.key}" is not its file name`]);
    profiles.set(parsed.data.key, parsed.data);
  }
  cache.set(dir, profiles);
  return profiles;
}

/**
 * One profile by key.
 * @throws UnknownProfileError
 */
export function profileByKey(key: string, dir?: string): JurisdictionProfile {
  const profile = loadProfiles(dir).get(key);
  if (!profile) throw new UnknownProfileError(key);
  return profile;
}

const overridesSchema = z.record(
  z.string(),
  z
    .object({
      label: z.string().min(1).optional(),
      budget: clockDurationText.optional(),
      warnBefore: clockDurationText.optional(),
      endOfDay: z.boolean().optional(),
      breachAlert: z.boolean().optional(),
      pausable: z.boolean().optional(),
      pauseWhileAwaitingCustomer: z.boolean().optional(),
    })
    .strict(),
);

/** Clock overrides (config CLOCK_OVERRIDES): clock key → the fields to change. */
export type ClockOverrides = z.infer<typeof overridesSchema>;

/**
 * Parses CLOCK_OVERRIDES.
 * @throws Error naming the bad field.
 */
export function parseClockOverrides(json: string | undefined): ClockOverrides {
  if (!json) return {};
  const parsed = overridesSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(
      `CLOCK_OVERRIDES: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** The profile with the overrides applied to the clocks it has (overrides of other clocks are ignored). */
export function withClockOverrides(
  profile: JurisdictionProfile,
  overrides: ClockOverrides,
): JurisdictionProfile {
  const clocks = Object.fromEntries(
    Object.entries(profile.clocks).map(([key, clock]) => [key, { ...clock, ...(overrides[key] ?? {}) }]),
  );
  return { ...profile, clocks };
}
