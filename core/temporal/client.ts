import { Client, Connection } from '@temporalio/client';

/** A Temporal client for the web app and scripts; the connection is lazy-free (connects now). */
export async function createTemporalClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}
