import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A process owner's edit of one part of a message template. Versions are numbered per (kind, locale)
 * across the parts, so one number names the whole set of texts a message was rendered from: the
 * set at version V is, for each part, its latest row with version ≤ V (or the shipped file).
 */
@Entity('template_version')
@Unique(['kind', 'locale', 'version'])
@Index(['kind', 'locale', 'part', 'version'])
export class TemplateVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: string;
  @Column('text') locale: string;
  /** subject, html, text or sms. */
  @Column('text') part: string;
  @Column('int') version: number;
  @Column('text') source: string;
  /** `user:<id>` of the process owner who saved it. */
  @Column('text') editedBy: string;
  @Column('timestamptz', { default: () => 'now()' }) editedAt: Date;
  @Column('text', { nullable: true }) comment: string | null;
}
