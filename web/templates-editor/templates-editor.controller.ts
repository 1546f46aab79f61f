import { Router, type Request, type Response } from 'express';
import { DEFAULT_LOCALE } from '../../core/i18n';
import { StaleTemplateVersionError } from '../../core/templates-store/template-store';
import {
  TemplateRejectedError,
  type TemplateEditorService,
} from '../../core/templates-store/template-editor.service';
import { LOCALES, MESSAGE_KINDS, MESSAGE_VARIABLES, TEMPLATE_PARTS } from '../../templates/renderer';
import { requireRole, requireStaff } from '../auth/require-role';
import { pageSignedIn } from '../staff/pages/staff-page';
import { ConflictError, NotFoundError, UnprocessableError } from '../http-errors';
import { assetUrls } from '../pages/assets';
import { renderPage } from '../pages/view-renderer';
import { CUSTOMER_CSS } from '../public/public-pages';
import { parseInput } from '../validate';
import {
  templatePathSchema,
  templatePreviewSchema,
  templateSaveSchema,
  templateVersionQuerySchema,
} from './templates-editor.schemas';

type CsrfToken = (req: Request, res: Response) => string;

const EDIT_ROLES = ['process_owner'] as const;
const mayEdit = (req: Request): boolean =>
  !!req.staff?.roles.some((r) => r === 'admin' || (EDIT_ROLES as readonly string[]).includes(r));

async function refusals<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TemplateRejectedError)
      throw new UnprocessableError(`The template cannot be used: ${err.problem.message}`, err.problem);
    if (err instanceof StaleTemplateVersionError)
      throw new ConflictError(err.message, { expected: err.expected, actual: err.actual });
    throw err;
  }
}

/**
 * The template editor's JSON API (`/api/templates`): every staff member may read and preview;
 * process owners (and admins) save. A save is a new version, refused with the reason when the text
 * does not compile or uses a variable the message's sample data does not have.
 */
export function templatesApiController(editor: TemplateEditorService): Router {
  const router = Router();
  router.use('/templates', requireStaff);

  router.get('/templates', async (req, res) => {
    res.json({
      kinds: MESSAGE_KINDS,
      locales: LOCALES,
      parts: TEMPLATE_PARTS,
      variables: MESSAGE_VARIABLES,
      messages: await editor.catalogue(),
      canEdit: mayEdit(req),
    });
  });

  router.post('/templates/preview', async (req, res) => {
    const { kind, locale, part, source } = parseInput(templatePreviewSchema, req.body, 'preview request');
    res.json(await refusals(() => editor.preview(kind, locale, part, source)));
  });

  router.get('/templates/:kind/:locale/:part', async (req, res) => {
    const { kind, locale, part } = parseInput(templatePathSchema, req.params, 'template');
    const { version } = parseInput(templateVersionQuerySchema, req.query, 'query');
    const view = await editor.view(kind, locale, part);
    if (version === undefined) return res.json({ ...view, canEdit: mayEdit(req) });
    const old = await editor.versionSource(kind, locale, part, version);
    if (old === null) throw new NotFoundError(`Version ${version} of this part does not exist.`);
    res.json({ ...view, canEdit: mayEdit(req), openedVersion: version, openedSource: old });
  });

  router.put('/templates/:kind/:locale/:part', requireRole(...EDIT_ROLES), async (req, res) => {
    const { kind, locale, part } = parseInput(templatePathSchema, req.params, 'template');
    const body = parseInput(templateSaveSchema, req.body, 'template');
    const saved = await refusals(() =>
      editor.save({
        kind,
        locale,
        part,
        source: body.source,
        comment: body.comment,
        baseVersion: body.baseVersion,
        actor: `user:${req.staff!.userId}`,
      }),
    );
    res.json({
      version: saved.version,
      part: saved.part,
      editedBy: saved.editedBy,
      editedAt: saved.editedAt,
      comment: saved.comment,
    });
  });

  return router;
}

/** `/staff/templates`: the editor page (a browser bundle on top of the JSON API). */
export function templatesPageController(csrfToken: CsrfToken): Router {
  const router = Router();
  router.get('/staff/templates', pageSignedIn, (req, res) => {
    res.locals.csrfToken = csrfToken(req, res);
    const urls = [assetUrls('template-editor')];
    res.set('Cache-Control', 'no-store');
    renderPage(
      res,
      'templates-editor/index',
      {
        title: 'Message templates',
        locale: DEFAULT_LOCALE,
        canEdit: mayEdit(req),
        scripts: urls.map((u) => u.js),
        styles: [CUSTOMER_CSS, ...urls.flatMap((u) => u.css)],
      },
      'staff',
    );
  });
  return router;
}
