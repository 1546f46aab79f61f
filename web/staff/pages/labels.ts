import { t, type Locale } from '../../../core/i18n';

/** The translation of `key`, or `fallback` when there is none (values a model or the data invented). */
function known(locale: Locale, key: string, fallback: string): string {
  const text = t(locale, key);
  return text === key ? fallback : text;
}

/** A stage in staff words ("Investigation"), else the customer's ("Under investigation"), else its key. */
export const stageLabel = (locale: Locale, stage: string): string =>
  known(locale, `staff.stage.${stage}`, known(locale, `stage.${stage}`, stage));

export const priorityLabel = (locale: Locale, priority: string): string =>
  known(locale, `staff.priority.${priority}`, priority);

export const severityLabel = (locale: Locale, severity: string): string =>
  known(locale, `staff.severity.${severity}`, severity);
