import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff accounts, groups (departments) with the default set, and the session store's table. */
export class Staff1764057700000 implements MigrationInterface {
  name = 'Staff1764057700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "staff_group" ("key" text NOT NULL, "name" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6b3e8af189b04f39f57890643b" PRIMARY KEY ("key"))`,
      `CREATE TABLE "staff_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "passwordHash" text NOT NULL, "roles" text array NOT NULL DEFAULT '{}', "groups" text array NOT NULL DEFAULT '{}', "locale" text NOT NULL DEFAULT 'en', "active" boolean NOT NULL DEFAULT true, "mustChangePassword" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_41a4f42a05b7aee26f9d3a0bb6b" UNIQUE ("email"), CONSTRAINT "PK_cec9365d9fc3a3409158b645f2e" PRIMARY KEY ("id"))`,
      `INSERT INTO "staff_group" ("key", "name") VALUES ('sales', 'Sales'), ('quality', 'Quality'), ('safety', 'Safety'), ('finance', 'Finance'), ('supervisors', 'Supervisors'), ('approvers', 'Approvers')`,
      // connect-pg-simple's table, created here so no process needs DDL rights at run time.
      `CREATE TABLE "session" ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL, "expire" timestamp(6) NOT NULL, CONSTRAINT "session_pkey" PRIMARY KEY ("sid"))`,
      `CREATE INDEX "IDX_session_expire" ON "session" ("expire")`,
    ])
      await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [`DROP TABLE "session"`, `DROP TABLE "staff_user"`, `DROP TABLE "staff_group"`])
      await queryRunner.query(sql);
  }
}
