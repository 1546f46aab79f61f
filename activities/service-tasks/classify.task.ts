import { Complaint } from '../../core/db/entities';
import type { ServiceTaskHandler } from './context';

/**
 * Triage by rules over the complaint's words (every complaint is accepted, then classified):
 * category, severity, priority and the department whose group gets the investigation.
 * Keywords cover the four languages Redress serves. A category chosen at intake is kept.
 */
const RULES: { category: string; department: string; words: RegExp }[] = [
  {
    category: 'safety',
    department: 'safety',
    words:
      /injur|hurt|fire|burn|smoke|danger|hazard|unsafe|poison|電|травм|пожар|опасн|дым|ожог|خطر|آتش|سوختگی|مسموم|chấn thương|cháy|nguy hiểm|bỏng/i,
  },
  {
    category: 'billing',
    department: 'finance',
    words:
      /bill|invoice|charge|refund|payment|overcharg|price|счёт|счет|оплат|возврат|списан|قبض|صورتحساب|پرداخت|بازپرداخت|hóa đơn|thanh toán|hoàn tiền|tính phí/i,
  },
  {
    category: 'delivery',
    department: 'sales',
    words:
      /deliver|late|shipping|courier|parcel|never arrived|достав|посылк|курьер|تحویل|ارسال|پیک|giao hàng|trễ|bưu kiện/i,
  },
  {
    category: 'product',
    department: 'quality',
    words:
      /broken|defect|faulty|damaged|stopped working|quality|слома|брак|дефект|поврежд|خراب|معیوب|کیفیت|hỏng|lỗi|chất lượng/i,
  },
  {
    category: 'service',
    department: 'quality',
    words:
      /rude|staff|service|wait|ignored|груб|обслуж|персонал|بی‌ادب|برخورد|خدمات|thô lỗ|nhân viên|dịch vụ/i,
  },
];

export const classify: ServiceTaskHandler = async ({ complaint, deps }) => {
  const text = `${complaint.subject} ${complaint.description}`;
  const rule = RULES.find((r) =>
    complaint.category ? r.category === complaint.category : r.words.test(text),
  );
  const category = complaint.category ?? rule?.category ?? 'general';
  const severity =
    category === 'safety' ? 'high' : /urgent|immediately|срочно|فوری|khẩn cấp/i.test(text) ? 'medium' : 'low';
  const priority = severity === 'high' ? 'urgent' : severity === 'medium' ? 'high' : 'normal';
  const department = complaint.department ?? rule?.department ?? 'quality';
  await deps.dataSource
    .getRepository(Complaint)
    .update({ id: complaint.id }, { category, severity, priority, department });
  return { category, severity, priority, department, type: complaint.type };
};
