import express, { Router } from 'express';
import { z } from 'zod';
import { BadRequestError, NotFoundError, UnprocessableError } from '../http-errors';
import { MAX_VERSION } from '../modeler/modeler.schemas';
import { parseInput } from '../validate';
import type { WebContext } from '../context';

const MAX_MODEL_BYTES = 2 * 1024 * 1024;
/** Body of a deployment (JSON form; `application/xml` sends the model alone). */
export const deploySchema = z.object({
  xml: z.string().min(1, 'xml is required').max(MAX_MODEL_BYTES, 'the model is larger than 2 MB'),
  comment: z.string().max(1000).optional(),
});

/**
 * Deploy path: BPMN XML in (as `application/xml` or JSON `{xml, comment}`), validated and compiled,
 * stored as the next version. Errors come back as `[{elementId, message}]`.
 */
export function processDefinitionsController(
  ctx: WebContext,
  deployer: (req: express.Request) => string,
): Router {
  const router = Router();
  router.use(
    '/process-definitions',
    express.text({ type: ['application/xml', 'text/xml'], limit: MAX_MODEL_BYTES }),
  );

  router.post('/process-definitions', async (req, res) => {
    const input =
      typeof req.body === 'string' ? { xml: req.body, comment: req.get('x-deploy-comment') } : req.body;
    const { xml, comment } = parseInput(deploySchema, input, 'deployment');
    const result = await ctx.processes.deploy(xml, deployer(req), comment);
    if (!result.ok) throw new UnprocessableError('The model cannot be deployed.', result.errors);
    const d = result.definition;
    res.status(201).json({
      id: d.id,
      key: d.key,
      version: d.version,
      deployedAt: d.deployedAt,
      warnings: result.warnings,
    });
  });

  router.get('/process-definitions', async (_req, res) => {
    res.json(await ctx.processes.list());
  });

  router.get('/process-definitions/:key/:version', async (req, res) => {
    const version = Number(req.params.version);
    if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION)
      throw new BadRequestError('version must be a positive whole number (at most 2147483647)');
    const d = await ctx.processes.byVersion(String(req.params.key), version);
    if (!d) throw new NotFoundError(`Process ${req.params.key} has no version ${version}.`);
    if (req.accepts(['json', 'xml']) === 'xml') res.type('application/xml').send(d.bpmnXml);
    else
      res.json({
        id: d.id,
        key: d.key,
        version: d.version,
        name: d.name,
        deployedBy: d.deployedBy,
        deployedAt: d.deployedAt,
        comment: d.comment,
        xml: d.bpmnXml,
      });
  });

  return router;
}
