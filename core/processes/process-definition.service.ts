import type { DataSource } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { compileBpmn } from '../bpmn/compile';
import type { DeployProblem } from '../bpmn/problems';
import { ProcessDefinition } from '../db/entities';
import type { CompiledProcess } from '../../workflows/engine/types';

export type DeployResult =
  | { ok: true; definition: ProcessDefinition; warnings: DeployProblem[] }
  | { ok: false; errors: DeployProblem[] };

/**
 * A check beyond the model itself, run on a model that compiled (e.g. the mandatory clauses of the
 * final-response letters its notify tasks send, core/regulation): problems it returns refuse the deploy.
 */
export interface DeployCheck {
  check(process: CompiledProcess): Promise<DeployProblem[]>;
}

/**
 * Deploying a model: compile and validate it, then store it as the next immutable version of its
 * key (with an audit entry, in one transaction). New complaints use the latest version; running
 * ones keep the version they were started with.
 */
export class ProcessDefinitionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly checks: readonly DeployCheck[] = [],
  ) {}

  async deploy(xml: string, deployedBy: string, comment?: string): Promise<DeployResult> {
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const { process } = compiled;
    const refused = (await Promise.all(this.checks.map((c) => c.check(process)))).flat();
    if (refused.length) return { ok: false, errors: refused };
    const definition = await this.dataSource.transaction(async (manager) => {
      // Serialise deploys of the same key so two never get the same version number.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`process:${process.id}`]);
      const [latest] = await manager.query<{ max: number | null }[]>(
        'SELECT MAX("version") AS max FROM "process_definition" WHERE "key" = $1',
        [process.id],
      );
      const row = await manager.save(
        manager.create(ProcessDefinition, {
          key: process.id,
          version: (latest?.max ?? 0) + 1,
          name: process.name ?? null,
          bpmnXml: xml,
          compiled: process,
          deployedBy,
          comment: comment ?? null,
        }),
      );
      await appendAudit(manager, {
        actor: deployedBy,
        action: 'process.deployed',
        entityType: 'process_definition',
        entityId: row.id,
        data: { key: row.key, version: row.version, comment: row.comment },
      });
      return row;
    });
    return { ok: true, definition, warnings: compiled.warnings };
  }

  latest(key: string): Promise<ProcessDefinition | null> {
    return this.dataSource
      .getRepository(ProcessDefinition)
      .findOne({ where: { key }, order: { version: 'DESC' } });
  }

  list(key?: string): Promise<ProcessDefinition[]> {
    return this.dataSource.getRepository(ProcessDefinition).find({
      where: key ? { key } : {},
      order: { key: 'ASC', version: 'DESC' },
      select: {
        id: true,
        key: true,
        version: true,
        name: true,
        deployedBy: true,
        deployedAt: true,
        comment: true,
      },
    });
  }

  byVersion(key: string, version: number): Promise<ProcessDefinition | null> {
    return this.dataSource.getRepository(ProcessDefinition).findOneBy({ key, version });
  }
}
