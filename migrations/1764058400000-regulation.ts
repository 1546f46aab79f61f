import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Seed calendars: bank and public holidays 2025–2027 that admins extend at /staff/admin/calendars. */
const CALENDARS: {
  key: string;
  name: string;
  weekend: number[];
  timeZone: string;
  holidays: [string, string][];
}[] = [
  {
    key: 'utc-mon-fri',
    name: 'Monday to Friday, UTC, no holidays',
    weekend: [0, 6],
    timeZone: 'UTC',
    holidays: [],
  },
  {
    key: 'gb-eaw',
    name: 'United Kingdom: England and Wales bank holidays',
    weekend: [0, 6],
    timeZone: 'Europe/London',
    holidays: [
      ['2025-01-01', "New Year's Day"],
      ['2025-04-18', 'Good Friday'],
      ['2025-04-21', 'Easter Monday'],
      ['2025-05-05', 'Early May bank holiday'],
      ['2025-05-26', 'Spring bank holiday'],
      ['2025-08-25', 'Summer bank holiday'],
      ['2025-12-25', 'Christmas Day'],
      ['2025-12-26', 'Boxing Day'],
      ['2026-01-01', "New Year's Day"],
      ['2026-04-03', 'Good Friday'],
      ['2026-04-06', 'Easter Monday'],
      ['2026-05-04', 'Early May bank holiday'],
      ['2026-05-25', 'Spring bank holiday'],
      ['2026-08-31', 'Summer bank holiday'],
      ['2026-12-25', 'Christmas Day'],
      ['2026-12-28', 'Boxing Day (substitute day)'],
      ['2027-01-01', "New Year's Day"],
      ['2027-03-26', 'Good Friday'],
      ['2027-03-29', 'Easter Monday'],
      ['2027-05-03', 'Early May bank holiday'],
      ['2027-05-31', 'Spring bank holiday'],
      ['2027-08-30', 'Summer bank holiday'],
      ['2027-12-27', 'Christmas Day (substitute day)'],
      ['2027-12-28', 'Boxing Day (substitute day)'],
    ],
  },
  {
    key: 'eu-target',
    name: 'Euro area: TARGET2 closing days',
    weekend: [0, 6],
    timeZone: 'Europe/Berlin',
    holidays: ['2025', '2026', '2027']
      .flatMap((y): [string, string][] => [
        [`${y}-01-01`, "New Year's Day"],
        [`${y}-05-01`, 'Labour Day'],
        [`${y}-12-25`, 'Christmas Day'],
        [`${y}-12-26`, 'Christmas holiday'],
      ])
      .concat([
        ['2025-04-18', 'Good Friday'],
        ['2025-04-21', 'Easter Monday'],
        ['2026-04-03', 'Good Friday'],
        ['2026-04-06', 'Easter Monday'],
        ['2027-03-26', 'Good Friday'],
        ['2027-03-29', 'Easter Monday'],
      ]),
  },
  {
    key: 'us-federal',
    name: 'United States: federal holidays (observed)',
    weekend: [0, 6],
    timeZone: 'America/New_York',
    holidays: [
      ['2025-01-01', "New Year's Day"],
      ['2025-01-20', 'Martin Luther King Jr. Day'],
      ['2025-02-17', "Washington's Birthday"],
      ['2025-05-26', 'Memorial Day'],
      ['2025-06-19', 'Juneteenth'],
      ['2025-07-04', 'Independence Day'],
      ['2025-09-01', 'Labor Day'],
      ['2025-10-13', 'Columbus Day'],
      ['2025-11-11', 'Veterans Day'],
      ['2025-11-27', 'Thanksgiving Day'],
      ['2025-12-25', 'Christmas Day'],
      ['2026-01-01', "New Year's Day"],
      ['2026-01-19', 'Martin Luther King Jr. Day'],
      ['2026-02-16', "Washington's Birthday"],
      ['2026-05-25', 'Memorial Day'],
      ['2026-06-19', 'Juneteenth'],
      ['2026-07-03', 'Independence Day (observed)'],
      ['2026-09-07', 'Labor Day'],
      ['2026-10-12', 'Columbus Day'],
      ['2026-11-11', 'Veterans Day'],
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-12-25', 'Christmas Day'],
      ['2027-01-01', "New Year's Day"],
      ['2027-01-18', 'Martin Luther King Jr. Day'],
      ['2027-02-15', "Washington's Birthday"],
      ['2027-05-31', 'Memorial Day'],
      ['2027-06-18', 'Juneteenth (observed)'],
      ['2027-07-05', 'Independence Day (observed)'],
      ['2027-09-06', 'Labor Day'],
      ['2027-10-11', 'Columbus Day'],
      ['2027-11-11', 'Veterans Day'],
      ['2027-11-25', 'Thanksgiving Day'],
      ['2027-12-24', 'Christmas Day (observed)'],
    ],
  },
  {
    key: 'au-national',
    name: "Australia: national public holidays (add your state's)",
    weekend: [0, 6],
    timeZone: 'Australia/Sydney',
    holidays: [
      ['2025-01-01', "New Year's Day"],
      ['2025-01-27', 'Australia Day (observed)'],
      ['2025-04-18', 'Good Friday'],
      ['2025-04-21', 'Easter Monday'],
      ['2025-04-25', 'Anzac Day'],
      ['2025-12-25', 'Christmas Day'],
      ['2025-12-26', 'Boxing Day'],
      ['2026-01-01', "New Year's Day"],
      ['2026-01-26', 'Australia Day'],
      ['2026-04-03', 'Good Friday'],
      ['2026-04-06', 'Easter Monday'],
      ['2026-12-25', 'Christmas Day'],
      ['2026-12-28', 'Boxing Day (additional day)'],
      ['2027-01-01', "New Year's Day"],
      ['2027-01-26', 'Australia Day'],
      ['2027-03-26', 'Good Friday'],
      ['2027-03-29', 'Easter Monday'],
      ['2027-12-27', 'Christmas Day (additional day)'],
      ['2027-12-28', 'Boxing Day (additional day)'],
    ],
  },
  ...(['ir', 'ir-thu-fri'] as const).map((key) => ({
    key,
    name:
      key === 'ir'
        ? 'Iran: Friday weekend, solar holidays (add the lunar ones each year)'
        : 'Iran: Thursday and Friday weekend, solar holidays (add the lunar ones each year)',
    weekend: key === 'ir' ? [5] : [4, 5],
    timeZone: 'Asia/Tehran',
    holidays: [
      ['2026-02-11', 'Anniversary of the Islamic Revolution (22 Bahman)'],
      ['2026-03-20', 'Oil Nationalisation Day (29 Esfand)'],
      ['2026-03-21', 'Nowruz (1 Farvardin)'],
      ['2026-03-22', 'Nowruz (2 Farvardin)'],
      ['2026-03-23', 'Nowruz (3 Farvardin)'],
      ['2026-03-24', 'Nowruz (4 Farvardin)'],
      ['2026-04-01', 'Islamic Republic Day (12 Farvardin)'],
      ['2026-04-02', 'Nature Day (13 Farvardin)'],
      ['2026-06-04', 'Death of Khomeini (14 Khordad)'],
      ['2026-06-05', '15 Khordad uprising'],
    ] as [string, string][],
  })),
];

/**
 * Regulatory deadlines: working calendars and their holidays (admin-editable), the event log of every
 * complaint's deadline clocks, the mapping of product lines to jurisdiction profiles, and the outcome
 * data regulators ask for (decision, redress paid) with the profile and calendar a complaint runs under.
 */
export class Regulation1764058400000 implements MigrationInterface {
  name = 'Regulation1764058400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "working_calendar" ("key" text NOT NULL, "name" text NOT NULL, "weekendDays" integer array NOT NULL DEFAULT '{0,6}', "timeZone" text NOT NULL DEFAULT 'UTC', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_working_calendar" PRIMARY KEY ("key"), CONSTRAINT "CHK_working_calendar_weekend" CHECK ("weekendDays" <@ ARRAY[0,1,2,3,4,5,6] AND cardinality("weekendDays") < 7))`,
      `CREATE TABLE "calendar_holiday" ("calendarKey" text NOT NULL, "date" date NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_calendar_holiday" PRIMARY KEY ("calendarKey", "date"), CONSTRAINT "FK_calendar_holiday_calendar" FOREIGN KEY ("calendarKey") REFERENCES "working_calendar"("key") ON DELETE CASCADE)`,
      `CREATE TABLE "complaint_clock_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaintId" uuid NOT NULL, "clock" text NOT NULL, "kind" text NOT NULL, "reason" text, "budget" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "eventKey" text NOT NULL, "recordedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_complaint_clock_event" PRIMARY KEY ("id"), CONSTRAINT "UQ_complaint_clock_event_key" UNIQUE ("complaintId", "eventKey"), CONSTRAINT "CHK_complaint_clock_event_kind" CHECK ("kind" IN ('start', 'pause', 'resume', 'stop', 'extend')), CONSTRAINT "FK_complaint_clock_event_complaint" FOREIGN KEY ("complaintId") REFERENCES "complaint"("id") ON DELETE NO ACTION)`,
      `CREATE INDEX "IDX_complaint_clock_event_complaint" ON "complaint_clock_event" ("complaintId", "at")`,
      `CREATE TABLE "product_regulation" ("product" text NOT NULL, "profileKey" text NOT NULL, "calendarKey" text, "updatedBy" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_product_regulation" PRIMARY KEY ("product"), CONSTRAINT "FK_product_regulation_calendar" FOREIGN KEY ("calendarKey") REFERENCES "working_calendar"("key") ON DELETE RESTRICT)`,
      `ALTER TABLE "complaint" ADD "decision" text, ADD "redressPaid" numeric(12,2), ADD "jurisdictionProfile" text, ADD "calendarKey" text`,
      `ALTER TABLE "complaint" ADD CONSTRAINT "CHK_complaint_decision" CHECK ("decision" IN ('upheld', 'partly_upheld', 'not_upheld'))`,
      // Regulator returns count complaints closed in a period, per profile.
      `CREATE INDEX "complaint_profile_closed" ON "complaint" ("jurisdictionProfile", "closedAt")`,
    ])
      await queryRunner.query(sql);
    for (const c of CALENDARS) {
      await queryRunner.query(
        `INSERT INTO "working_calendar" ("key", "name", "weekendDays", "timeZone") VALUES ($1, $2, $3, $4)`,
        [c.key, c.name, c.weekend, c.timeZone],
      );
      for (const [date, name] of c.holidays)
        await queryRunner.query(
          `INSERT INTO "calendar_holiday" ("calendarKey", "date", "name") VALUES ($1, $2, $3)`,
          [c.key, date, name],
        );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP INDEX IF EXISTS "public"."complaint_profile_closed"`,
      `ALTER TABLE "complaint" DROP CONSTRAINT "CHK_complaint_decision"`,
      `ALTER TABLE "complaint" DROP COLUMN "calendarKey", DROP COLUMN "jurisdictionProfile", DROP COLUMN "redressPaid", DROP COLUMN "decision"`,
      `DROP TABLE "product_regulation"`,
      `DROP TABLE "complaint_clock_event"`,
      `DROP TABLE "calendar_holiday"`,
      `DROP TABLE "working_calendar"`,
    ])
      await queryRunner.query(sql);
  }
}
