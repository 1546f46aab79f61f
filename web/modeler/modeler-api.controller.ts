import express, { Router, type Request } from 'express';
import { requireRole } from '../auth/require-role';
import { BadRequestError, NotFoundError, UnprocessableError } from '../http-errors';
import { parseInput } from '../validate';
import type { Actor } from '../../workflows/complaint.messages';
import { ImportRefusedError, importBpmnFile } from './bpmn-import.service';
import type { CatalogueService } from './catalogue.service';
import { DryRunModelError, type DryRunService } from './dry-run.service';
import type { LiveViewService } from './live-view.service';
import { MigrationRequestError, type MigrationService } from './migration.service';
import {
  diffQuerySchema,
  dryRunSchema,
  importSchema,
  MAX_MODEL_CHARS,
  migrateSchema,
  processKeySchema,
  versionParamsSchema,
} from './modeler.schemas';
import { VersionNotFoundError, type ProcessVersionsService } from './process-versions.service';

/** The services behind the modeler's API. */
export interface ModelerApiDeps {
  catalogue: CatalogueService;
  versions: ProcessVersionsService;
  dryRun: DryRunService;
  liveView: LiveViewService;
  migration: MigrationService;
}

const actorOf = (req: Request): Actor => {
  const staff = req.staff!;
  return {
    userId: staff.userId,
    username: staff.username,
    roles: [...staff.roles],
    groups: [...staff.groups],
  };
};

/** Turns the services' refusals into HTTP answers. */
async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof VersionNotFoundError) throw new NotFoundError(error.message);
    if (error instanceof MigrationRequestError || error instanceof ImportRefusedError)
      throw new BadRequestError(error.message);
    if (error instanceof DryRunModelError) throw new UnprocessableError(error.message, error.errors);
    throw error;
  }
}

/**
 * The modeler's JSON API, for process owners (and admins). Mounted before the generic
 * `/process-definitions/:key/:version` route so `diff`, `versions`, `import`… are not read as versions.
 */
export function modelerApiController(deps: ModelerApiDeps): Router {
  const router = Router();
  const owners = requireRole('process_owner');
  router.use('/modeler', owners);
  router.use('/process-definitions', owners);
  router.use(
    '/process-definitions',
    express.text({ type: ['application/xml', 'text/xml'], limit: MAX_MODEL_CHARS }),
  );

  router.get('/modeler/templates', (_req, res) => {
    res.json({ templates: deps.catalogue.templates() });
  });

  router.get('/modeler/groups', async (_req, res) => {
    res.json({ groups: await deps.catalogue.groups() });
  });

  router.post('/process-definitions/import', async (req, res) => {
    const { xml } = parseInput(
      importSchema,
      typeof req.body === 'string' ? { xml: req.body } : req.body,
      'import',
    );
    res.json(await answer(() => importBpmnFile(xml)));
  });

  router.post('/process-definitions/dry-run', async (req, res) => {
    const request = parseInput(dryRunSchema, req.body, 'dry run');
    res.json(await answer(() => deps.dryRun.run(request)));
  });

  router.get('/process-definitions/:key/versions', async (req, res) => {
    const { key } = parseInput(processKeySchema, req.params, 'process');
    res.json(await deps.versions.list(key));
  });

  router.get('/process-definitions/:key/diff', async (req, res) => {
    const { key } = parseInput(processKeySchema, req.params, 'process');
    const { from, to } = parseInput(diffQuerySchema, req.query, 'comparison');
    res.json(await answer(() => deps.versions.diff(key, from, to)));
  });

  router.post('/process-definitions/:key/migrate/preview', async (req, res) => {
    const { key } = parseInput(processKeySchema, req.params, 'process');
    const { from, to } = parseInput(migrateSchema, req.body, 'migration');
    res.json(await answer(() => deps.migration.preview(key, from, to)));
  });

  router.post('/process-definitions/:key/migrate', async (req, res) => {
    const { key } = parseInput(processKeySchema, req.params, 'process');
    const { from, to } = parseInput(migrateSchema, req.body, 'migration');
    res.json(await answer(() => deps.migration.migrate(key, from, to, actorOf(req))));
  });

  router.get('/process-definitions/:key/:version/live', async (req, res) => {
    const { key, version } = parseInput(versionParamsSchema, req.params, 'version');
    await answer(() => deps.versions.get(key, version));
    res.json(await deps.liveView.view(key, version));
  });

  router.get('/process-definitions/:key/:version/xml', async (req, res) => {
    const { key, version } = parseInput(versionParamsSchema, req.params, 'version');
    const definition = await answer(() => deps.versions.get(key, version));
    res.type('application/xml').attachment(`${key}-v${version}.bpmn`).send(definition.bpmnXml);
  });

  return router;
}
