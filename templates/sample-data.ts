import type { Locale } from '../core/i18n';
import type { CommonMessageData, MessageDataByKind, MessageKind } from './message-kinds';

// Free text a member of staff would write, in the customer's language.
interface StaffText {
  customerName: string;
  question: string;
  response: string;
  remedy: string;
}

const STAFF_TEXT: Record<Locale, StaffText> = {
  en: {
    customerName: 'Alex Morgan',
    question:
      'Could you send us a photo of the meter on the day you moved in, and tell us the meter serial number?\n' +
      'The serial number is printed above the display.',
    response:
      'We have checked your account. The March bill used an estimated reading instead of the reading you sent us on 2 March.\n' +
      'We have corrected the bill: the new amount is €48.20 instead of €131.75.',
    remedy: 'We will refund the difference of €83.55 to your bank account within 5 working days.',
  },
  fa: {
    customerName: 'مریم رضایی',
    question:
      'لطفاً عکسی از کنتور در روز اسباب‌کشی برای ما بفرستید و شماره سریال کنتور را هم اعلام کنید.\n' +
      'شماره سریال بالای صفحه‌نمایش کنتور درج شده است.',
    response:
      'حساب شما را بررسی کردیم. در قبض اسفند به‌جای رقمی که خودتان از کنتور فرستاده بودید، رقم تخمینی محاسبه شده بود.\n' +
      'قبض را اصلاح کردیم و مبلغ آن از ۳٬۸۹۰٬۰۰۰ ریال به ۱٬۲۴۰٬۰۰۰ ریال کاهش یافت.',
    remedy: 'مابه‌التفاوت (۲٬۶۵۰٬۰۰۰ ریال) ظرف ۵ روز کاری به حساب بانکی شما بازگردانده می‌شود.',
  },
  ru: {
    customerName: 'Ольга Смирнова',
    question:
      'Пришлите, пожалуйста, фотографию показаний счётчика на день переезда и укажите заводской номер счётчика.\n' +
      'Номер указан над дисплеем.',
    response:
      'Мы проверили Ваш лицевой счёт: в мартовском счёте вместо переданных Вами 2 марта показаний были использованы расчётные.\n' +
      'Мы исправили счёт: новая сумма — 4 820 ₽ вместо 13 175 ₽.',
    remedy: 'Мы вернём разницу 8 355 ₽ на Ваш банковский счёт в течение 5 рабочих дней.',
  },
  vi: {
    customerName: 'Nguyễn Thị Lan',
    question:
      'Quý khách vui lòng gửi ảnh chụp công tơ vào ngày chuyển đến và cho biết số sê-ri của công tơ.\n' +
      'Số sê-ri được in phía trên màn hình hiển thị.',
    response:
      'Chúng tôi đã kiểm tra tài khoản của Quý khách. Hóa đơn tháng 3 đã dùng chỉ số ước tính thay cho chỉ số Quý khách gửi ngày 2/3.\n' +
      'Chúng tôi đã điều chỉnh hóa đơn: số tiền mới là 482.000 đồng thay vì 1.317.500 đồng.',
    remedy:
      'Chúng tôi sẽ hoàn lại khoản chênh lệch 835.500 đồng vào tài khoản ngân hàng của Quý khách trong vòng 5 ngày làm việc.',
  },
};

const BASE_URL = 'https://complaints.northwind.example';
const TRACKING_CODE = 'C-2026-004817';

function common(locale: Locale): CommonMessageData {
  return {
    organisationName: 'Northwind Energy',
    trackingCode: TRACKING_CODE,
    trackingUrl: `${BASE_URL}/t/${TRACKING_CODE}`,
    customerName: STAFF_TEXT[locale].customerName,
    timeZone: 'Europe/London',
  };
}

const BUILDERS: { [K in MessageKind]: (locale: Locale) => MessageDataByKind[K] } = {
  acknowledgment: (locale) => ({ ...common(locale), expectedDate: '2026-04-02' }),
  'stage-changed': (locale) => ({ ...common(locale), stage: 'investigation' }),
  'info-request': (locale) => ({
    ...common(locale),
    question: STAFF_TEXT[locale].question,
    answerUrl: `${BASE_URL}/t/${TRACKING_CODE}/answer`,
    answerBy: '2026-03-27',
  }),
  resolution: (locale) => ({
    ...common(locale),
    response: STAFF_TEXT[locale].response,
    remedy: STAFF_TEXT[locale].remedy,
  }),
  'survey-invitation': (locale) => ({
    ...common(locale),
    surveyUrl: `${BASE_URL}/s/8f3k2q9xw7`,
    surveyClosesOn: '2026-04-30',
  }),
  'survey-reminder': (locale) => ({
    ...common(locale),
    surveyUrl: `${BASE_URL}/s/8f3k2q9xw7`,
    surveyClosesOn: '2026-04-30',
  }),
  closure: (locale) => ({ ...common(locale), outcome: 'resolved' }),
  'sla-apology': (locale) => ({ ...common(locale), newExpectedDate: '2026-04-16' }),
};

/**
 * Realistic data for one message kind, with every required and optional variable set and the staff's
 * free text written in `locale`. Used by the template editor's preview and by the tests.
 */
export function sampleData<K extends MessageKind>(kind: K, locale: Locale = 'en'): MessageDataByKind[K] {
  return BUILDERS[kind](locale);
}
