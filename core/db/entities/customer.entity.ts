import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person who complained. Personal fields are pseudonymised, never deleted, when retention ends. */
@Entity('customer')
export class Customer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  /** BCP 47 language the customer is written to in: en, fa, ru, vi. */
  @Column('text', { default: 'en' }) locale: string;
  @Column('timestamptz', { nullable: true }) pseudonymisedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
