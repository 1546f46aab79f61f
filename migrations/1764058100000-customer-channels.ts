import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What customers touch: versioned template edits, attachments, customer messages (tracking page and
 * email replies) and single-use survey answers.
 */
export class CustomerChannels1764058100000 implements MigrationInterface {
  name = 'CustomerChannels1764058100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "template_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "locale" text NOT NULL, "part" text NOT NULL, "version" integer NOT NULL, "source" text NOT NULL, "editedBy" text NOT NULL, "editedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "comment" text, CONSTRAINT "UQ_template_version_kind_locale_version" UNIQUE ("kind", "locale", "version"), CONSTRAINT "CHK_template_version_part" CHECK ("part" IN ('subject', 'html', 'text', 'sms')), CONSTRAINT "CHK_template_version_positive" CHECK ("version" > 0), CONSTRAINT "PK_template_version" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_template_version_part" ON "template_version" ("kind", "locale", "part", "version")`,
      `CREATE TABLE "customer_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaintId" uuid NOT NULL, "channel" text NOT NULL, "body" text NOT NULL, "sender" text, "idempotencyKey" text, "signalledAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_customer_message_idempotency" UNIQUE ("idempotencyKey"), CONSTRAINT "PK_customer_message" PRIMARY KEY ("id"), CONSTRAINT "FK_customer_message_complaint" FOREIGN KEY ("complaintId") REFERENCES "complaint"("id") ON DELETE NO ACTION)`,
      `CREATE INDEX "IDX_customer_message_complaint" ON "customer_message" ("complaintId", "createdAt")`,
      `CREATE TABLE "attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaintId" uuid NOT NULL, "customerMessageId" uuid, "originalName" text NOT NULL, "storedName" text NOT NULL, "contentType" text NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_attachment_stored_name" UNIQUE ("storedName"), CONSTRAINT "PK_attachment" PRIMARY KEY ("id"), CONSTRAINT "FK_attachment_complaint" FOREIGN KEY ("complaintId") REFERENCES "complaint"("id") ON DELETE NO ACTION, CONSTRAINT "FK_attachment_customer_message" FOREIGN KEY ("customerMessageId") REFERENCES "customer_message"("id") ON DELETE NO ACTION)`,
      `CREATE INDEX "IDX_attachment_complaint" ON "attachment" ("complaintId")`,
      `CREATE TABLE "survey_response" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaintId" uuid NOT NULL, "nonce" text NOT NULL, "satisfaction" integer NOT NULL, "solved" boolean NOT NULL, "comment" text, "answeredAt" TIMESTAMP WITH TIME ZONE NOT NULL, "signalledAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_survey_response_nonce" UNIQUE ("complaintId", "nonce"), CONSTRAINT "CHK_survey_response_satisfaction" CHECK ("satisfaction" BETWEEN 1 AND 5), CONSTRAINT "PK_survey_response" PRIMARY KEY ("id"), CONSTRAINT "FK_survey_response_complaint" FOREIGN KEY ("complaintId") REFERENCES "complaint"("id") ON DELETE NO ACTION)`,
    ])
      await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TABLE "survey_response"`,
      `DROP TABLE "attachment"`,
      `DROP TABLE "customer_message"`,
      `DROP TABLE "template_version"`,
    ])
      await queryRunner.query(sql);
  }
}
