import type { DataSource } from 'typeorm';
import type { Config } from '../core/config/config';
import type { Outbox } from '../core/messaging/outbox';
import type { TemplateRenderer } from '../templates/renderer';

/** What activities need from the outside world; the worker builds the real ones. */
export interface ActivityDeps {
  dataSource: DataSource;
  outbox: Outbox;
  renderer: TemplateRenderer;
  config: Config;
  /** Signs survey and answer links. */
  secret: string;
}
