import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { TemplateVersion } from '../db/entities';
import type { Locale, MessageKind, TemplateOverrides, TemplatePart } from '../../templates/renderer';

/** The edited texts of one message (kind × locale) at one version; version 0 = only shipped files. */
export interface TemplateSet {
  version: number;
  overrides: TemplateOverrides;
}

/** Thrown by {@link TemplateStore.save} when someone else saved the same message in the meantime. */
export class StaleTemplateVersionError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `The template changed while you were editing it (you started from version ${expected}, it is now at ${actual}).`,
    );
    this.name = 'StaleTemplateVersionError';
  }
}

/** A new edit to record. */
export interface TemplateEdit {
  kind: MessageKind;
  locale: Locale;
  part: TemplatePart;
  source: string;
  comment?: string | null;
  /** `user:<id>` for the audit log and the history. */
  actor: string;
  /** The version the editor started from; when given and no longer the latest, the save is refused. */
  baseVersion?: number;
}

/**
 * Versioned process-owner edits of message templates (PostgreSQL, table `template_version`). Read by
 * the notify service task (latest set → `overrides` + `templateVersion`) and written by the editor.
 * It stores; whether a source is acceptable is the editor service's job.
 */
export class TemplateStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The texts to render (kind, locale) with: the latest edit of each part, at or below `atVersion`. */
  async overridesFor(kind: string, locale: string, atVersion?: number): Promise<TemplateSet> {
    const params: unknown[] = [kind, locale];
    let bound = '';
    if (atVersion !== undefined) {
      params.push(atVersion);
      bound = 'AND "version" <= $3';
    }
    const rows = await this.dataSource.query<{ part: TemplatePart; source: string; version: number }[]>(
      `SELECT DISTINCT ON ("part") "part", "source", "version" FROM "template_version"
        WHERE "kind" = $1 AND "locale" = $2 ${bound} ORDER BY "part", "version" DESC`,
      params,
    );
    const overrides: TemplateOverrides = {};
    let version = 0;
    for (const row of rows) {
      overrides[row.part] = row.source;
      version = Math.max(version, row.version);
    }
    return { version, overrides };
  }

  /** The latest version number of (kind, locale), 0 when nothing was edited. */
  async latestVersion(
    kind: string,
    locale: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [row] = await manager.query<{ v: number | null }[]>(
      `SELECT max("version") AS "v" FROM "template_version" WHERE "kind" = $1 AND "locale" = $2`,
      [kind, locale],
    );
    return Number(row?.v ?? 0);
  }

  /** The latest version of every edited message, keyed `kind/locale`. */
  async latestVersions(): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ kind: string; locale: string; v: number }[]>(
      `SELECT "kind", "locale", max("version") AS "v" FROM "template_version" GROUP BY "kind", "locale"`,
    );
    return new Map(rows.map((r) => [`${r.kind}/${r.locale}`, Number(r.v)]));
  }

  /** Every edit of (kind, locale), newest first; only one part's when `part` is given. */
  history(kind: string, locale: string, part?: string): Promise<TemplateVersion[]> {
    return this.dataSource.getRepository(TemplateVersion).find({
      where: { kind, locale, ...(part ? { part } : {}) },
      order: { version: 'DESC' },
    });
  }

  /** One edit by its version number (and part), or null. */
  find(kind: string, locale: string, part: string, version: number): Promise<TemplateVersion | null> {
    return this.dataSource.getRepository(TemplateVersion).findOneBy({ kind, locale, part, version });
  }

  /**
   * Records an edit as the next version of (kind, locale), with its audit entry in the same
   * transaction. A transaction-scoped advisory lock per message serialises concurrent saves.
   */
  async save(edit: TemplateEdit): Promise<TemplateVersion> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `template:${edit.kind}:${edit.locale}`,
      ]);
      const latest = await this.latestVersion(edit.kind, edit.locale, manager);
      if (edit.baseVersion !== undefined && edit.baseVersion !== latest)
        throw new StaleTemplateVersionError(edit.baseVersion, latest);
      const row = manager.create(TemplateVersion, {
        kind: edit.kind,
        locale: edit.locale,
        part: edit.part,
        version: latest + 1,
        source: edit.source,
        editedBy: edit.actor,
        editedAt: new Date(),
        comment: edit.comment?.trim() || null,
      });
      await manager.save(row);
      await appendAudit(manager, {
        actor: edit.actor,
        action: 'template.edited',
        entityType: 'template',
        entityId: `${edit.kind}/${edit.locale}/${edit.part}`,
        // The hash makes the text itself tamper-evident: the version row alone is not chained.
        data: {
          version: row.version,
          comment: row.comment,
          sha256: createHash('sha256').update(edit.source).digest('hex'),
        },
      });
      return row;
    });
  }
}
