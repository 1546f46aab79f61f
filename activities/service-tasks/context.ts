import type { DataSource } from 'typeorm';
import type { ActivityDeps } from '../deps';
import { Complaint, Customer } from '../../core/db/entities';

export interface ServiceTaskInput {
  complaintId: string;
  workflowId: string;
  waitId: string;
  elementId: string;
  taskType: string;
  params: Record<string, unknown>;
  variables: Record<string, unknown>;
}

/** What a service-task handler gets: its input, the dependencies, and the complaint it works on. */
export interface ServiceTaskContext extends ServiceTaskInput {
  deps: ActivityDeps;
  complaint: Complaint;
  customer: Customer;
}

export type ServiceTaskHandler = (ctx: ServiceTaskContext) => Promise<Record<string, unknown> | null>;

export async function loadComplaint(
  dataSource: DataSource,
  complaintId: string,
): Promise<{ complaint: Complaint; customer: Customer }> {
  const complaint = await dataSource.getRepository(Complaint).findOneByOrFail({ id: complaintId });
  const customer = await dataSource.getRepository(Customer).findOneByOrFail({ id: complaint.customerId });
  return { complaint, customer };
}

export const str = (v: unknown): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : String(v);
