import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A customer's answer to a satisfaction survey. The link's nonce (the survey round) is unique per
 * complaint, which makes each link single use even when two submissions race.
 */
@Entity('survey_response')
@Unique(['complaintId', 'nonce'])
export class SurveyResponse {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') complaintId: string;
  @Column('text') nonce: string;
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  @Column('int') satisfaction: number;
  @Column('boolean') solved: boolean;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('timestamptz') answeredAt: Date;
  /** When the workflow was told (`surveyAnswered`). */
  @Column('timestamptz', { nullable: true }) signalledAt: Date | null;
}
