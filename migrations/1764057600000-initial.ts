import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: customers, complaints, process versions, inbox tasks, outbox, timeline, audit log. */
export class Initial1764057600000 implements MigrationInterface {
  name = 'Initial1764057600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurredAt" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "entityType" text NOT NULL, "entityId" text NOT NULL, "complaintId" uuid, "data" jsonb NOT NULL DEFAULT '{}', "prevHash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "UQ_ad6d5d24a1b0a012e92743ea185" UNIQUE ("hash"), CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
      `CREATE TABLE "customer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "email" text, "phone" text, "locale" text NOT NULL DEFAULT 'en', "pseudonymisedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7a13f4cacb744524e44dfdad32" PRIMARY KEY ("id"))`,
      `CREATE TABLE "complaint" ("id" uuid NOT NULL, "trackingCode" text NOT NULL, "customerId" uuid NOT NULL, "channel" text NOT NULL, "type" text NOT NULL DEFAULT 'complaint', "category" text, "product" text, "department" text, "subject" text NOT NULL, "description" text NOT NULL, "desiredRemedy" text, "severity" text, "priority" text NOT NULL DEFAULT 'normal', "stage" text NOT NULL DEFAULT 'received', "status" text NOT NULL DEFAULT 'open', "processDefinitionId" uuid NOT NULL, "processKey" text NOT NULL, "processVersion" integer NOT NULL, "workflowId" text NOT NULL, "idempotencyKey" text, "enteredByUserId" uuid, "acknowledgedAt" TIMESTAMP WITH TIME ZONE, "resolvedAt" TIMESTAMP WITH TIME ZONE, "closedAt" TIMESTAMP WITH TIME ZONE, "outcome" text, "remedyType" text, "remedyAmount" numeric(12,2), "rootCause" text, "reopenCount" integer NOT NULL DEFAULT '0', "satisfaction" integer, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_dbe100e2eb4b5a21b47dd91f3da" UNIQUE ("trackingCode"), CONSTRAINT "UQ_58c76021d3af32d46300b61582f" UNIQUE ("workflowId"), CONSTRAINT "UQ_bd999a2e41f0ff1dae0454aa40b" UNIQUE ("idempotencyKey"), CONSTRAINT "PK_a9c8dbc2ab4988edcc2ff0a7337" PRIMARY KEY ("id"))`,
      `CREATE TABLE "human_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaintId" uuid NOT NULL, "workflowId" text NOT NULL, "waitId" text NOT NULL, "elementId" text NOT NULL, "name" text NOT NULL, "candidateGroups" text array NOT NULL DEFAULT '{}', "assignee" text, "form" jsonb, "status" text NOT NULL DEFAULT 'open', "dueAt" TIMESTAMP WITH TIME ZONE, "stage" text, "priority" text, "category" text, "data" jsonb, "completedBy" text, "completedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_f01662ded2866c00d2d5c52b7e0" UNIQUE ("workflowId", "waitId"), CONSTRAINT "PK_5f963eda9a3c70188d153398daf" PRIMARY KEY ("id"))`,
      `CREATE INDEX "human_task_open_due" ON "human_task"  ("status", "dueAt") `,
      `CREATE TABLE "outbound_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotencyKey" text NOT NULL, "complaintId" uuid NOT NULL, "channel" text NOT NULL, "recipient" text NOT NULL, "template" text NOT NULL, "locale" text NOT NULL, "templateVersion" integer NOT NULL DEFAULT '0', "subject" text, "body" text NOT NULL, "html" text, "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "lastError" text, "providerMessageId" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sentAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_40d5896db0ec142f691635e44db" UNIQUE ("idempotencyKey"), CONSTRAINT "PK_53741fe5d4d5e2cb54dc4a5f446" PRIMARY KEY ("id"))`,
      `CREATE TABLE "process_definition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "version" integer NOT NULL, "name" text, "bpmnXml" text NOT NULL, "compiled" jsonb NOT NULL, "deployedBy" text NOT NULL, "comment" text, "deployedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_0b1f1f56b7974e6e2185cea4a02" UNIQUE ("key", "version"), CONSTRAINT "PK_6b5bceab5310f5367b472c4a54d" PRIMARY KEY ("id"))`,
      `CREATE TABLE "timeline_entry" ("id" BIGSERIAL NOT NULL, "complaintId" uuid NOT NULL, "workflowId" text NOT NULL, "seq" integer NOT NULL, "kind" text NOT NULL, "elementId" text, "processVersion" integer, "data" jsonb NOT NULL DEFAULT '{}', "occurredAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_ecb948b065e7ec47d1a9e3b38b6" UNIQUE ("workflowId", "seq"), CONSTRAINT "PK_61a61c7f75f9c69d73d7a2fd666" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_3a375329f4ab47902076118983" ON "timeline_entry"  ("complaintId", "occurredAt") `,
      `ALTER TABLE "complaint" ADD CONSTRAINT "FK_f714c71743dcd19f15876136713" FOREIGN KEY ("customerId") REFERENCES "customer"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      `CREATE INDEX "complaint_customer" ON "complaint" ("customerId", "createdAt")`,
      `CREATE INDEX "complaint_created" ON "complaint" ("createdAt")`,
      `CREATE INDEX "complaint_stage_status" ON "complaint" ("status", "stage")`,
      `CREATE INDEX "complaint_fulltext" ON "complaint" USING GIN (to_tsvector('simple', "subject" || ' ' || "description"))`,
      `CREATE INDEX "human_task_complaint" ON "human_task" ("complaintId")`,
      `CREATE INDEX "human_task_open_groups" ON "human_task" USING GIN ("candidateGroups") WHERE "status" = 'open'`,
      `CREATE INDEX "human_task_open_assignee" ON "human_task" ("assignee", "dueAt") WHERE "status" = 'open'`,
      `CREATE INDEX "outbound_message_complaint" ON "outbound_message" ("complaintId", "createdAt")`,
      `CREATE INDEX "outbound_message_status" ON "outbound_message" ("status") WHERE "status" <> 'sent'`,
      `CREATE INDEX "audit_event_complaint" ON "audit_event" ("complaintId")`,
      `CREATE INDEX "audit_event_occurred" ON "audit_event" ("occurredAt")`,
      `CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP; END $$`,
      `CREATE TRIGGER "audit_event_no_update" BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"()`,
      `CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"()`,
    ])
      await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TRIGGER "audit_event_no_truncate" ON "audit_event"`,
      `DROP TRIGGER "audit_event_no_update" ON "audit_event"`,
      `DROP FUNCTION "audit_event_append_only"()`,
      `ALTER TABLE "complaint" DROP CONSTRAINT "FK_f714c71743dcd19f15876136713"`,
      `DROP INDEX "public"."IDX_3a375329f4ab47902076118983"`,
      `DROP TABLE "timeline_entry"`,
      `DROP TABLE "process_definition"`,
      `DROP TABLE "outbound_message"`,
      `DROP INDEX "public"."human_task_open_due"`,
      `DROP TABLE "human_task"`,
      `DROP TABLE "complaint"`,
      `DROP TABLE "customer"`,
      `DROP TABLE "audit_event"`,
    ])
      await queryRunner.query(sql);
  }
}
