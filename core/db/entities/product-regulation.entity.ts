import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which jurisdiction profile (and, optionally, working calendar) a product line's complaints run
 * under; products without a row use the organisation's JURISDICTION_PROFILE.
 */
@Entity('product_regulation')
export class ProductRegulation {
  /** The complaint's `product` value, exactly as classified. */
  @PrimaryColumn('text') product: string;
  @Column('text') profileKey: string;
  @Column('text', { nullable: true }) calendarKey: string | null;
  @Column('text') updatedBy: string;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
