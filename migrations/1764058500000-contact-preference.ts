import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer's contact preference, kept per complaint (email, SMS or both). Complaints made before
 * it was stored keep what they had: messages on every channel the customer gave an address for.
 * Messages not sent because of it are kept in the outbox as `skipped`, with the reason.
 */
export class ContactPreference1764058500000 implements MigrationInterface {
  name = 'ContactPreference1764058500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "complaint" ADD "contactPreference" text NOT NULL DEFAULT 'both' CONSTRAINT "CHK_complaint_contact_preference" CHECK ("contactPreference" IN ('email', 'sms', 'both'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "outbound_message" WHERE "status" = 'skipped'`);
    await queryRunner.query(`ALTER TABLE "complaint" DROP COLUMN "contactPreference"`);
  }
}
