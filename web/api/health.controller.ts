import { Router } from 'express';
import type { WebContext } from '../context';

/** GET /api/health: 200 when PostgreSQL and Temporal both answer, 503 naming the one that does not. */
export function healthController(ctx: WebContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      ctx.dataSource.query('SELECT 1').then(
        () => 'ok',
        (e: Error) => `down: ${e.message}`,
      ),
      ctx.temporal.workflowService.getSystemInfo({}).then(
        () => 'ok',
        (e: Error) => `down: ${e.message}`,
      ),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal });
  });
  return router;
}
