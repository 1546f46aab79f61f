import { Router } from 'express';
import type { WebContext } from '../context';
import { openApiDocument } from './openapi';

/** GET /api/openapi.json: the API description (public, cacheable). */
export function openApiController(ctx: WebContext): Router {
  const router = Router();
  let document: Record<string, unknown> | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument(ctx.config.PUBLIC_URL);
    res.set('Cache-Control', 'public, max-age=300').json(document);
  });
  return router;
}
