import type { DataSource } from 'typeorm';
import { StaffGroup } from '../../core/db/entities';
import type { TemplateListing, TemplateRenderer } from '../../templates/renderer';

/** What the modeler's pickers offer: the real message templates and staff groups. */
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: TemplateRenderer,
  ) {}

  templates(): TemplateListing[] {
    return this.renderer.list();
  }

  async groups(): Promise<{ key: string; name: string }[]> {
    const rows = await this.dataSource.getRepository(StaffGroup).find({ order: { key: 'ASC' } });
    return rows.map((row) => ({ key: row.key, name: row.name }));
  }
}
