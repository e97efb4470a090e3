import type { AuditCategory } from '../../../utils/admin/report';

/** Words of the audit categories. */
export const CATEGORY_LABEL: Record<AuditCategory, string> = {
  all: 'All devices',
  stale: 'Stale devices',
  neverAuthenticated: 'Never authenticated',
  notRemembered: 'Not remembered',
  remembered: 'Remembered',
  ip: 'By IP address',
};
/** Devices per page of the audit's device table. */
export const PAGE = 50;
