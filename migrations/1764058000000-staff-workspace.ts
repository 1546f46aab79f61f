import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff workspace: internal notes and questions to the customer (`complaint_note`), a
 * `human_task_changed` notification for live inboxes, and the indexes the inbox, the incident list
 * and the customer history read with.
 *
 * The notification triggers are per statement with transition tables, so a bulk change (a migration,
 * a load test) sends one "many rows changed" message instead of one per row; a normal change (the
 * workflow opening, closing or someone claiming a task) sends one message per task.
 */
export class StaffWorkspace1764058000000 implements MigrationInterface {
  name = 'StaffWorkspace1764058000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "complaint_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaintId" uuid NOT NULL, "kind" text NOT NULL, "body" text NOT NULL, "authorId" uuid NOT NULL, "authorName" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_complaint_note" PRIMARY KEY ("id"), CONSTRAINT "CHK_complaint_note_kind" CHECK ("kind" IN ('note', 'info_request')), CONSTRAINT "FK_complaint_note_complaint" FOREIGN KEY ("complaintId") REFERENCES "complaint"("id") ON DELETE NO ACTION)`,
      `CREATE INDEX "IDX_complaint_note_complaint" ON "complaint_note" ("complaintId", "createdAt")`,
      // Inbox: "unassigned tasks of my groups, by due date" scans this in order and stops at the page size.
      `CREATE INDEX "human_task_open_unassigned_due" ON "human_task" ("dueAt", "id") WHERE "status" = 'open' AND "assignee" IS NULL`,
      // Incident list: the newest incidents first, without reading the rest of the trail.
      `CREATE INDEX "timeline_entry_incident" ON "timeline_entry" ("occurredAt" DESC) WHERE "kind" = 'incident'`,
      // Customer history and staff search by email (intake matches customers the same way).
      `CREATE INDEX "customer_email_lower" ON "customer" (lower("email"))`,
      `CREATE FUNCTION "human_task_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          changed bigint;
          payload text;
        BEGIN
          SELECT count(*) INTO changed FROM new_rows;
          IF changed = 0 THEN RETURN NULL; END IF;
          IF changed > 100 THEN
            PERFORM pg_notify('human_task_changed', json_build_object('op', lower(TG_OP), 'many', changed)::text);
            RETURN NULL;
          END IF;
          IF TG_OP = 'INSERT' THEN
            FOR payload IN SELECT json_build_object('op', 'insert', 'id', n."id", 'complaintId', n."complaintId", 'status', n."status", 'assignee', n."assignee", 'candidateGroups', n."candidateGroups")::text FROM new_rows n LOOP
              PERFORM pg_notify('human_task_changed', payload);
            END LOOP;
          ELSE
            FOR payload IN SELECT json_build_object('op', 'update', 'id', n."id", 'complaintId', n."complaintId", 'status', n."status", 'assignee', n."assignee", 'previousAssignee', o."assignee", 'candidateGroups', n."candidateGroups")::text FROM new_rows n JOIN old_rows o ON o."id" = n."id" LOOP
              PERFORM pg_notify('human_task_changed', payload);
            END LOOP;
          END IF;
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER "human_task_changed_insert" AFTER INSERT ON "human_task" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "human_task_notify"()`,
      `CREATE TRIGGER "human_task_changed_update" AFTER UPDATE ON "human_task" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "human_task_notify"()`,
    ])
      await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TRIGGER "human_task_changed_update" ON "human_task"`,
      `DROP TRIGGER "human_task_changed_insert" ON "human_task"`,
      `DROP FUNCTION "human_task_notify"()`,
      `DROP INDEX "customer_email_lower"`,
      `DROP INDEX "timeline_entry_incident"`,
      `DROP INDEX "human_task_open_unassigned_due"`,
      `DROP TABLE "complaint_note"`,
    ])
      await queryRunner.query(sql);
  }
}
