import type { CompiledProcess } from '../workflows/engine/types';
import { ProcessDefinition } from '../core/db/entities';
import type { ActivityDeps } from './deps';

/** Loads the compiled graph of a pinned process version (immutable, so safe to cache). */
export function processDefinitionActivities({ dataSource }: ActivityDeps) {
  const cache = new Map<string, CompiledProcess>();
  return {
    async loadProcessDefinition(id: string): Promise<CompiledProcess> {
      const hit = cache.get(id);
      if (hit) return hit;
      const row = await dataSource.getRepository(ProcessDefinition).findOneByOrFail({ id });
      cache.set(id, row.compiled);
      return row.compiled;
    },
  };
}
