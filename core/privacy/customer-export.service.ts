import type { DataSource } from 'typeorm';
import { Complaint, Customer, OutboundMessage } from '../db/entities';
import { existingOptionalTables } from './optional-tables';

/** Everything Redress holds about one customer (a data-protection access request's answer). */
export interface CustomerDataExport {
  exportedAt: string;
  customer: Customer;
  complaints: Complaint[];
  /** Emails and SMS sent to the customer, with their text. */
  messagesSent: OutboundMessage[];
  /** What the customer sent about their complaints (tracking page, email replies), when recorded. */
  messagesReceived: Record<string, unknown>[];
  /** Survey answers as submitted, and the satisfaction recorded on each complaint. */
  surveyAnswers: Record<string, unknown>[];
  /** Evidence files the customer attached (names and sizes; the files are kept with the record). */
  attachments: Record<string, unknown>[];
}

/** Builds a customer's data export from PostgreSQL (read only). */
export class CustomerExportService {
  constructor(private readonly dataSource: DataSource) {}

  /** The export, or null for an unknown customer. */
  async export(customerId: string): Promise<CustomerDataExport | null> {
    const customer = await this.dataSource.getRepository(Customer).findOneBy({ id: customerId });
    if (!customer) return null;
    const complaints = await this.dataSource
      .getRepository(Complaint)
      .find({ where: { customerId }, order: { createdAt: 'ASC' } });
    const ids = complaints.map((c) => c.id);
    const messagesSent = ids.length
      ? await this.dataSource
          .getRepository(OutboundMessage)
          .createQueryBuilder('m')
          .where('m.complaintId IN (:...ids)', { ids })
          .orderBy('m.createdAt', 'ASC')
          .getMany()
      : [];
    const tables = await existingOptionalTables(this.dataSource);
    const rowsOf = async (table: string, order: string): Promise<Record<string, unknown>[]> =>
      ids.length
        ? this.dataSource.query(
            `SELECT * FROM "${table}" WHERE "complaintId" = ANY($1::uuid[]) ORDER BY "${order}"`,
            [ids],
          )
        : [];
    const surveyRows = tables.has('survey_response') ? await rowsOf('survey_response', 'answeredAt') : [];
    const recorded = complaints
      .filter((c) => c.satisfaction !== null)
      .map((c) => ({
        complaintId: c.id,
        trackingCode: c.trackingCode,
        satisfaction: c.satisfaction,
        source: 'complaint record (last answer)',
      }));
    return {
      exportedAt: new Date().toISOString(),
      customer,
      complaints,
      messagesSent,
      messagesReceived: tables.has('customer_message') ? await rowsOf('customer_message', 'createdAt') : [],
      surveyAnswers: [...surveyRows.map((r) => ({ ...r, source: 'survey form' })), ...recorded],
      attachments: tables.has('attachment') ? await rowsOf('attachment', 'createdAt') : [],
    };
  }
}
