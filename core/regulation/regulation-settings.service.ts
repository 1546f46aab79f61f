import type { DataSource } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import type { Config } from '../config/config';
import { ProductRegulation, WorkingCalendarEntity } from '../db/entities';
import { RegulationRuleError } from './errors';
import type { JurisdictionProfile } from './profile.schema';
import { loadProfiles, parseClockOverrides, profileByKey, withClockOverrides } from './profiles';

/** The regime a complaint runs under: its profile (overrides applied) and working calendar key. */
export interface Regime {
  profile: JurisdictionProfile;
  calendarKey: string;
}

/**
 * Which jurisdiction profile and working calendar apply: the product line's mapping (table
 * `product_regulation`), else the organisation's (config JURISDICTION_PROFILE, WORKING_CALENDAR).
 * CLOCK_OVERRIDES apply to every profile.
 */
export class RegulationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Pick<Config, 'JURISDICTION_PROFILE' | 'WORKING_CALENDAR' | 'CLOCK_OVERRIDES'>,
  ) {}

  /** A profile by key with the configured clock overrides. @throws UnknownProfileError */
  profile(key: string): JurisdictionProfile {
    return withClockOverrides(profileByKey(key), parseClockOverrides(this.config.CLOCK_OVERRIDES));
  }

  /** Every shipped profile (overrides applied), by key. */
  profiles(): JurisdictionProfile[] {
    return [...loadProfiles().keys()].sort().map((key) => this.profile(key));
  }

  /** The organisation's regime. */
  organisationRegime(): Regime {
    const profile = this.profile(this.config.JURISDICTION_PROFILE);
    return { profile, calendarKey: this.config.WORKING_CALENDAR ?? profile.calendar };
  }

  /** The regime of a complaint about this product (null: no product). */
  async regimeFor(product: string | null): Promise<Regime> {
    const mapping = product
      ? await this.dataSource.getRepository(ProductRegulation).findOneBy({ product })
      : null;
    if (!mapping) return this.organisationRegime();
    const profile = this.profile(mapping.profileKey);
    return { profile, calendarKey: mapping.calendarKey ?? this.config.WORKING_CALENDAR ?? profile.calendar };
  }

  /** Profiles some new complaint may run under: the organisation's and every mapped product line's. */
  async profilesInUse(): Promise<JurisdictionProfile[]> {
    const rows = await this.dataSource
      .getRepository(ProductRegulation)
      .find({ select: { profileKey: true } });
    const keys = new Set([this.config.JURISDICTION_PROFILE, ...rows.map((r) => r.profileKey)]);
    return [...keys].sort().map((key) => this.profile(key));
  }

  /** Product-line mappings, by product. */
  productMappings(): Promise<ProductRegulation[]> {
    return this.dataSource.getRepository(ProductRegulation).find({ order: { product: 'ASC' } });
  }

  /** Maps a product line to a profile (and optionally a calendar). @throws RegulationRuleError invalid */
  async mapProduct(
    input: { product: string; profileKey: string; calendarKey: string | null },
    actor: string,
  ): Promise<ProductRegulation> {
    if (!loadProfiles().has(input.profileKey))
      throw new RegulationRuleError('invalid', `There is no jurisdiction profile "${input.profileKey}".`);
    return this.dataSource.transaction(async (m) => {
      if (
        input.calendarKey &&
        !(await m.getRepository(WorkingCalendarEntity).existsBy({ key: input.calendarKey }))
      )
        throw new RegulationRuleError('invalid', `There is no working calendar "${input.calendarKey}".`);
      const row = m.create(ProductRegulation, { ...input, updatedBy: actor, updatedAt: new Date() });
      await m.getRepository(ProductRegulation).save(row);
      await appendAudit(m, {
        actor,
        action: 'regulation.product_mapped',
        entityType: 'product_regulation',
        entityId: input.product,
        data: { ...input },
      });
      return row;
    });
  }

  /** Removes a product line's mapping. @throws RegulationRuleError not_found */
  async unmapProduct(product: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const removed = await m.getRepository(ProductRegulation).delete({ product });
      if (!removed.affected)
        throw new RegulationRuleError('not_found', `Product "${product}" has no mapping.`);
      await appendAudit(m, {
        actor,
        action: 'regulation.product_unmapped',
        entityType: 'product_regulation',
        entityId: product,
      });
    });
  }
}
