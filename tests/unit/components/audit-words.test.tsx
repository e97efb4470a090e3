/**
 * The Admin page in plain words (issue 19 point 10): a user's status in words
 * (its code in the tooltip), the audit report leading with what to do, and the
 * bulk remediation shown with every report, asking for a rule until one is picked.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditReportView } from '../../../entrypoints/options/admin/AuditReportView';
import { UserPanel } from '../../../entrypoints/options/admin/UserPanel';
import type { AuditReport } from '../../../utils/admin/report';
import { answerMessages } from './fake-runtime';

const REPORT: AuditReport = {
  users: 5,
  usersWithoutDevices: 0,
  goneUsers: 0,
  devices: 15,
  remembered: 15,
  notRemembered: 0,
  unknownStatus: 0,
  stale: 15,
  neverAuthenticated: 0,
  staleDays: 90,
  devicesPerUser: [{ devices: 3, users: 5 }],
  topUsers: [],
  distinctIps: 1,
  topIps: [],
};

/** Answer the report view's messages with `report`; the device pages are empty. */
function answerReport(report: AuditReport) {
  return answerMessages(async (type) => {
    if (type === 'admin.audit.report') return { ok: true, value: report };
    if (type === 'admin.audit.devices') return { ok: true, value: { rows: [] } };
    if (type === 'admin.remediation.preview') return { ok: true, value: { total: 15, targets: [] } };
    return { ok: false, error: { code: 'ERR_INTERNAL', message: `unexpected ${type}`, details: {} } };
  });
}

describe('the Admin page in plain words', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows a user’s status in words, its Cognito code only in the tooltip', async () => {
    answerMessages(async () => ({
      ok: true,
      value: { users: [{ username: 'alice', email: 'alice@example.com', status: 'RESET_REQUIRED', enabled: true }] },
    }));
    render(<UserPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Search users' }));
    const users = await screen.findByRole('list', { name: 'Users found' });
    const words = within(users).getByText('Password reset required');
    expect(words.title).toContain('RESET_REQUIRED');
    expect(users.textContent).not.toContain('RESET_REQUIRED');
    expect(users.textContent).toContain('alice@example.com · Password reset required');
  });

  it('leads the report with what to do, and its button picks that rule in the remediation', async () => {
    answerReport(REPORT);
    render(<AuditReportView runId="run1" connected refreshKey={1} />);
    const todo = await screen.findByRole('region', { name: 'What to do' });
    expect(todo.textContent).toContain('15 devices idle for over 90 days — review and forget');
    fireEvent.click(within(todo).getByRole('button', { name: 'Review idle devices' }));
    const remediation = screen.getByRole('region', { name: 'Bulk remediation' });
    expect((screen.getByLabelText('Show') as HTMLSelectElement).value).toBe('stale');
    expect((within(remediation).getByLabelText('Rule') as HTMLSelectElement).value).toBe('stale');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Bulk remediation'));
    within(remediation).getByRole('button', { name: 'Preview selection' });
  });

  it('says plainly when nothing needs action', async () => {
    answerReport({ ...REPORT, stale: 0 });
    render(<AuditReportView runId="run1" connected refreshKey={1} />);
    await screen.findByText(
      'Nothing needs action: no device is idle for over 90 days, never used to sign in, or not remembered (15 devices, 5 users).',
    );
    expect(screen.queryByRole('region', { name: 'What to do' })).toBeNull();
  });

  it('shows the bulk remediation with the report, asking for a rule, without touching “Show”', async () => {
    answerReport(REPORT);
    render(<AuditReportView runId="run1" connected refreshKey={1} />);
    const remediation = await screen.findByRole('region', { name: 'Bulk remediation' });
    expect((screen.getByLabelText('Show') as HTMLSelectElement).value).toBe('all');
    expect(remediation.textContent).toContain('Pick a rule to choose the devices to act on');
    expect(within(remediation).queryByRole('button', { name: 'Preview selection' })).toBeNull();
    fireEvent.change(within(remediation).getByLabelText('Rule'), { target: { value: 'notRemembered' } });
    expect((screen.getByLabelText('Show') as HTMLSelectElement).value).toBe('notRemembered');
    expect(remediation.textContent).not.toContain('Pick a rule');
    fireEvent.click(within(remediation).getByRole('button', { name: 'Preview selection' }));
    await within(remediation).findByText('15 devices match this rule.', { exact: false });
  });
});
