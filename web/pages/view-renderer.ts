import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Response } from 'express';
import {
  dir,
  intlLocale,
  isLocale,
  t,
  DEFAULT_LOCALE,
  SUPPORTED_LOCALES,
  type Locale,
} from '../../core/i18n';
import { assetUrls } from './assets';

const VIEWS = path.resolve(__dirname, '../views');

/**
 * Server-rendered pages: one Handlebars instance (no prototype access, `{{ }}` escapes), views and
 * partials under web/views compiled once, a layout per audience (public, staff). Helpers are
 * locale-aware: `t`, `dir`, dates in the page's language.
 */
const hbs = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

function loadPartials(dir: string, prefix = ''): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) loadPartials(full, `${prefix}${entry}/`);
    else if (entry.endsWith('.hbs'))
      hbs.registerPartial(`${prefix}${entry.slice(0, -4)}`, readFileSync(full, 'utf8'));
  }
}
loadPartials(path.join(VIEWS, 'partials'));

const localeOf = (options: Handlebars.HelperOptions): Locale => {
  const l = (options.data as { root?: { locale?: string } }).root?.locale;
  return l && isLocale(l) ? l : DEFAULT_LOCALE;
};

hbs.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
  return t(localeOf(options), key, (options.hash ?? {}) as Record<string, string | number>);
});
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
hbs.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
hbs.registerHelper('formatDateTime', function (value: unknown, options: Handlebars.HelperOptions) {
  if (!value) return '';
  const d = new Date(value as string);
  return Number.isNaN(d.getTime())
    ? ''
    : new Intl.DateTimeFormat(intlLocale(localeOf(options)), {
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(d);
});
hbs.registerHelper('formatDate', function (value: unknown, options: Handlebars.HelperOptions) {
  if (!value) return '';
  const d = new Date(value as string);
  return Number.isNaN(d.getTime())
    ? ''
    : new Intl.DateTimeFormat(intlLocale(localeOf(options)), { dateStyle: 'long' }).format(d);
});
hbs.registerHelper('isoDate', (value: unknown) => (value ? new Date(value as string).toISOString() : ''));
hbs.registerHelper('assetJs', (entry: string) => assetUrls(entry).js);
hbs.registerHelper('assetCss', (entry: string) => assetUrls(entry).css);

function compiled(name: string): Handlebars.TemplateDelegate {
  let template = cache.get(name);
  if (!template) {
    template = hbs.compile(readFileSync(path.join(VIEWS, `${name}.hbs`), 'utf8'), { strict: false });
    cache.set(name, template);
  }
  return template;
}

export interface PageData {
  title: string;
  locale?: Locale;
  [key: string]: unknown;
}

/** Renders `view` inside `layout` (`public` or `staff`) and sends it. */
export function renderPage(
  res: Response,
  view: string,
  data: PageData,
  layout: 'public' | 'staff' = 'public',
  status = 200,
): void {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const root = {
    ...data,
    locale,
    dir: dir(locale),
    locales: SUPPORTED_LOCALES.map((l) => ({ code: l, name: t(l, `language.${l}`), current: l === locale })),
    staff: res.req.staff,
    csrfToken: res.locals.csrfToken as string | undefined,
    path: res.req.path,
  };
  const body = compiled(view)(root, {
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  });
  const html = compiled(`layouts/${layout}`)({ ...root, body: new hbs.SafeString(body) });
  res.status(status).type('html').send(html);
}
