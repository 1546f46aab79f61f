import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox reads only open tasks, but they are scattered over a table that keeps every completed
 * task. One partial index holding every column the inbox shows and counts lets PostgreSQL answer the
 * page (in due-date order, stopping at the page size) and the counts per filter from the index alone,
 * without visiting the table (see bench/inbox-query.bench.ts). It replaces the narrower index on the
 * due date of unassigned tasks.
 */
export class InboxCoveringIndex1764058000100 implements MigrationInterface {
  name = 'InboxCoveringIndex1764058000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "human_task_open_inbox" ON "human_task" ("dueAt", "id") INCLUDE ("assignee", "candidateGroups", "stage", "priority", "category", "createdAt", "complaintId", "name", "elementId") WHERE "status" = 'open'`,
    );
    await queryRunner.query(`DROP INDEX "human_task_open_unassigned_due"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "human_task_open_unassigned_due" ON "human_task" ("dueAt", "id") WHERE "status" = 'open' AND "assignee" IS NULL`,
    );
    await queryRunner.query(`DROP INDEX "human_task_open_inbox"`);
  }
}
