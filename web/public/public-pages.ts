import type { Response } from 'express';
import { t, type Locale } from '../../core/i18n';
import { renderPage, type PageData } from '../pages/view-renderer';

/** Extra stylesheet of the customer pages (served by the public router). */
export const CUSTOMER_CSS = '/customer-assets/customer.css';

/** Renders a customer page in the public layout with the customer stylesheet. */
export function renderCustomerPage(
  res: Response,
  view: string,
  data: PageData & { locale: Locale },
  status = 200,
): void {
  res.set('Cache-Control', 'no-store');
  renderPage(res, `public/${view}`, { ...data, styles: [CUSTOMER_CSS] }, 'public', status);
}

/** A short page with a heading and a paragraph: refusals, expired links, rate limits. */
export function renderNotice(
  res: Response,
  locale: Locale,
  status: number,
  titleKey: string,
  textKey: string,
  vars: Record<string, string | number> = {},
  links: { href: string; label: string }[] = [],
): void {
  renderCustomerPage(
    res,
    'notice',
    {
      title: t(locale, titleKey),
      locale,
      heading: t(locale, titleKey),
      text: t(locale, textKey, vars),
      links,
      status,
    },
    status,
  );
}
