import { Router } from 'express';
import { DEFAULT_PROCESS_KEY } from '../../core/bpmn/default-process';
import { isLocale } from '../../core/i18n';
import { assetUrls } from '../pages/assets';
import { renderPage } from '../pages/view-renderer';
import { parseInput } from '../validate';
import { pageQuerySchema } from './modeler.schemas';
import type { ProcessVersionsService } from './process-versions.service';

const MAY_MODEL = ['process_owner', 'admin'];

/** GET /modeler: the process owners' modeler (staff layout, bundle `modeler`). */
export function modelerPageController(versions: ProcessVersionsService): Router {
  const router = Router();
  router.get('/modeler', async (req, res) => {
    if (!req.staff) return res.redirect(303, `/staff/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (req.staff.mustChangePassword) return res.redirect(303, '/staff/password');
    const locale = isLocale(req.staff.locale) ? req.staff.locale : undefined;
    if (!req.staff.roles.some((role) => MAY_MODEL.includes(role))) {
      return renderPage(res, 'modeler/forbidden', { title: 'Modeler', locale }, 'staff', 403);
    }
    const { key = DEFAULT_PROCESS_KEY, version } = parseInput(pageQuerySchema, req.query, 'page address');
    const latest = (await versions.list(key))[0]?.version;
    const assets = assetUrls('modeler');
    renderPage(
      res,
      'modeler/modeler',
      {
        title: `Modeler · ${key}`,
        locale,
        processKey: key,
        version: version ?? latest ?? '',
        scripts: [assets.js],
        styles: assets.css,
      },
      'staff',
    );
  });
  return router;
}
