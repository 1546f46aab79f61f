import { Router, type Request, type Response } from 'express';
import { t, type Locale } from '../../core/i18n';
import { surveyAnswerSchema, type SurveyLink, type SurveyService } from '../../core/surveys/survey.service';
import { customerLocale } from './public-locale';
import { renderCustomerPage, renderNotice } from './public-pages';

const SCALE = [1, 2, 3, 4, 5] as const;

/**
 * The satisfaction survey (`/survey/:token`): a page the customer fills in and submits — never a
 * one-click answer, so mail scanners that follow links answer nothing. A forged or altered link is
 * refused (400); an answered or closed survey is gone (410); nothing changes in either case.
 */
export function surveyController(surveys: SurveyService): Router {
  const router = Router();

  const refuse = (req: Request, res: Response, link: Exclude<SurveyLink, { status: 'open' }>): void => {
    const locale = customerLocale(req, res, link.status === 'invalid' ? undefined : link.locale);
    if (link.status === 'invalid')
      return renderNotice(res, locale, 400, 'survey.title', 'survey.invalidLink');
    const key = link.status === 'answered' ? 'survey.alreadyAnswered' : 'survey.closed';
    const track = {
      href: `/track/${link.complaint.trackingCode}?lang=${locale}`,
      label: t(locale, 'form.success.trackLink'),
    };
    renderNotice(res, locale, 410, 'survey.title', key, {}, [track]);
  };

  const show = (
    res: Response,
    locale: Locale,
    token: string,
    values: Record<string, string> = {},
    errors: { field: string; message: string }[] = [],
  ): void => {
    const errorOf = (field: string) => errors.filter((e) => e.field === field).map((e) => e.message);
    renderCustomerPage(
      res,
      'survey',
      {
        title: errors.length
          ? `${t(locale, 'form.errors.summaryTitle')}: ${t(locale, 'survey.title')}`
          : t(locale, 'survey.title'),
        locale,
        action: `/survey/${encodeURIComponent(token)}?lang=${locale}`,
        scale: SCALE.map((value) => ({
          value: String(value),
          label: t(locale, `survey.satisfaction.${value}`),
          checked: values.satisfaction === String(value),
        })),
        solvedChoices: (['yes', 'no'] as const).map((value) => ({
          value,
          label: t(locale, `survey.resolved.${value}`),
          checked: values.solved === value,
        })),
        comment: values.comment ?? '',
        errors: errors.map((e) => ({ ...e, href: `#field-${e.field}` })),
        hasErrors: errors.length > 0,
        satisfactionErrors: errorOf('satisfaction'),
        solvedErrors: errorOf('solved'),
        commentErrors: errorOf('comment'),
      },
      errors.length ? 400 : 200,
    );
  };

  router.get('/survey/:token', async (req, res) => {
    const token = String(req.params.token);
    const link = await surveys.inspect(token);
    if (link.status !== 'open') return refuse(req, res, link);
    show(res, customerLocale(req, res, link.locale), token);
  });

  router.post('/survey/:token', async (req, res) => {
    const token = String(req.params.token);
    const link = await surveys.inspect(token);
    if (link.status !== 'open') return refuse(req, res, link);
    const locale = customerLocale(req, res, link.locale);
    const values = (req.body ?? {}) as Record<string, string>;
    const parsed = surveyAnswerSchema.safeParse(values);
    if (!parsed.success) {
      const messages: Record<string, string> = {
        satisfaction: 'customer.errors.satisfactionRequired',
        solved: 'customer.errors.solvedRequired',
        comment: 'customer.errors.tooLong',
      };
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
      return show(
        res,
        locale,
        token,
        values,
        fields.map((field) => ({ field, message: t(locale, messages[field] ?? 'form.errors.required') })),
      );
    }
    const result = await surveys.submit(token, parsed.data);
    if (result.status !== 'recorded') return refuse(req, res, result);
    const unhappy = parsed.data.satisfaction < 3 || !parsed.data.solved;
    renderCustomerPage(res, 'survey-done', {
      title: t(locale, 'survey.thanks.title'),
      locale,
      unhappy,
      trackingPath: `/track/${result.complaint.trackingCode}?lang=${locale}`,
    });
  });

  return router;
}
