import { Router } from 'express';
import { TemplateRenderer } from '../../templates/renderer';
import type { WebContext } from '../context';
import { CatalogueService } from './catalogue.service';
import { DryRunService } from './dry-run.service';
import { LiveViewService } from './live-view.service';
import { MigrationService } from './migration.service';
import { modelerApiController } from './modeler-api.controller';
import { modelerPageController } from './modeler-page.controller';
import { ProcessVersionsService } from './process-versions.service';

/** The modeler as app.ts mounts it: its JSON API (under `/api`) and its page (`/modeler`). */
export interface ModelerWorkspace {
  api: Router;
  pages: Router;
}

/**
 * The process owners' modeler: versions and their differences, import from other modelers, dry runs
 * on the real interpreter, the live view of a version and the migration of running complaints.
 */
export function modelerWorkspace(ctx: WebContext): ModelerWorkspace {
  const renderer = new TemplateRenderer();
  const versions = new ProcessVersionsService(ctx.dataSource);
  return {
    api: modelerApiController({
      catalogue: new CatalogueService(ctx.dataSource, renderer),
      versions,
      dryRun: new DryRunService(ctx.config, renderer),
      liveView: new LiveViewService(ctx.dataSource),
      migration: new MigrationService(ctx.dataSource, ctx.temporal, versions),
    }),
    pages: modelerPageController(versions),
  };
}
