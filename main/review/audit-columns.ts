/** The audit trail's columns, in the order of its CSV and its workbook (audit.ts, audit-sheet.ts). */
export const AUDIT_COLUMNS = ['when', 'who', 'organisation', 'installation', 'action', 'target', 'old', 'new', 'why', 'until', 'revisions'] as const;
export type AuditColumn = (typeof AUDIT_COLUMNS)[number];
