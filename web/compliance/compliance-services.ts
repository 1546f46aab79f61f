import { ComplaintHistoryService } from '../../core/audit/complaint-history.service';
import { AuditQueryService } from '../../core/audit/audit-query.service';
import { addIsoDuration, processDefaults } from '../../core/complaints/process-defaults';
import { CustomerExportService } from '../../core/privacy/customer-export.service';
import { PseudonymiseService } from '../../core/privacy/pseudonymise.service';
import { ReportService } from '../../core/reports/report.service';
import { ComplaintSearchService } from '../../core/search/complaint-search.service';
import type { WebContext } from '../context';

/** The read-side services of compliance and reporting, built once per app from its context. */
export interface ComplianceServices {
  history: ComplaintHistoryService;
  search: ComplaintSearchService;
  audit: AuditQueryService;
  customerExport: CustomerExportService;
  pseudonymise: PseudonymiseService;
  reports: ReportService;
}

export function complianceServices(ctx: WebContext): ComplianceServices {
  const finalResponse = processDefaults(ctx.config).sla.finalResponse;
  const finalResponseHours = addIsoDuration(new Date(0), finalResponse).getTime() / 3_600_000;
  return {
    history: new ComplaintHistoryService(ctx.dataSource, ctx.temporal),
    search: new ComplaintSearchService(ctx.dataSource),
    audit: new AuditQueryService(ctx.dataSource),
    customerExport: new CustomerExportService(ctx.dataSource),
    pseudonymise: new PseudonymiseService(ctx.dataSource, ctx.config.RETENTION_YEARS),
    reports: new ReportService(ctx.dataSource, finalResponseHours),
  };
}
