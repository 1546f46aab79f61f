import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compliance search, reports and the audit browser: indexes for keyset pagination of the complaint
 * list under each filter, customer look-up by name/email/phone (trigram), SLA filters on tasks,
 * audit log filters by actor and action, and message counts by template.
 */
export class Compliance1764058200000 implements MigrationInterface {
  name = 'Compliance1764058200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      // Trusted extension since PostgreSQL 13: the database owner may create it.
      `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
      // Keyset pagination: ORDER BY "createdAt" DESC, "id" DESC, alone or after an equality filter.
      `CREATE INDEX "complaint_created_id" ON "complaint" ("createdAt", "id")`,
      `CREATE INDEX "complaint_category_created" ON "complaint" ("category", "createdAt", "id")`,
      `CREATE INDEX "complaint_department_created" ON "complaint" ("department", "createdAt", "id")`,
      `CREATE INDEX "complaint_channel_created" ON "complaint" ("channel", "createdAt", "id")`,
      `CREATE INDEX "complaint_stage_created" ON "complaint" ("stage", "createdAt", "id")`,
      `CREATE INDEX "complaint_version_created" ON "complaint" ("processKey", "processVersion", "createdAt", "id")`,
      // One expression covers name, email and phone; LIKE '%…%' on it uses the trigram index.
      `CREATE INDEX "customer_contact_trgm" ON "customer" USING GIN ((lower("name" || ' ' || coalesce("email", '') || ' ' || coalesce("phone", ''))) gin_trgm_ops)`,
      `CREATE INDEX "human_task_completed_by" ON "human_task" ("completedBy")`,
      `CREATE INDEX "human_task_assignee_complaint" ON "human_task" ("assignee", "complaintId")`,
      // SLA filters: tasks finished late, and open tasks by due time.
      `CREATE INDEX "human_task_finished_late" ON "human_task" ("complaintId") WHERE "dueAt" IS NOT NULL AND "completedAt" > "dueAt"`,
      `CREATE INDEX "human_task_open_due_complaint" ON "human_task" ("dueAt", "complaintId") WHERE "status" = 'open' AND "dueAt" IS NOT NULL`,
      `CREATE INDEX "audit_event_actor" ON "audit_event" ("actor", "id")`,
      `CREATE INDEX "audit_event_action" ON "audit_event" ("action", "id")`,
      `CREATE INDEX "outbound_message_template" ON "outbound_message" ("template", "complaintId")`,
      // Where complaints wait: only the user-task entries and exits, in trail order per complaint.
      `CREATE INDEX "timeline_entry_user_task" ON "timeline_entry" ("complaintId", "workflowId", "elementId", "seq") WHERE "kind" IN ('elementEntered', 'elementLeft') AND ("data"->>'kind') = 'userTask'`,
      // Filters are combined (channel and stage, category and department): without joint statistics
      // the planner multiplies selectivities and may walk the whole date index for a rare pair.
      `CREATE STATISTICS "complaint_channel_stage_stats" (mcv, dependencies) ON "channel", "stage", "status" FROM "complaint"`,
      `CREATE STATISTICS "complaint_category_department_stats" (mcv, dependencies) ON "category", "department" FROM "complaint"`,
      // The trail's element kind lives in jsonb; without statistics on it the planner guesses 0.5 %.
      `CREATE STATISTICS "timeline_entry_data_kind_stats" ON (("data"->>'kind')) FROM "timeline_entry"`,
    ])
      await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS IF EXISTS "timeline_entry_data_kind_stats"`);
    await queryRunner.query(`DROP STATISTICS IF EXISTS "complaint_category_department_stats"`);
    await queryRunner.query(`DROP STATISTICS IF EXISTS "complaint_channel_stage_stats"`);
    for (const name of [
      'timeline_entry_user_task',
      'outbound_message_template',
      'audit_event_action',
      'audit_event_actor',
      'human_task_open_due_complaint',
      'human_task_finished_late',
      'human_task_assignee_complaint',
      'human_task_completed_by',
      'customer_contact_trgm',
      'complaint_version_created',
      'complaint_stage_created',
      'complaint_channel_created',
      'complaint_department_created',
      'complaint_category_created',
      'complaint_created_id',
    ])
      await queryRunner.query(`DROP INDEX IF EXISTS "public"."${name}"`);
  }
}
