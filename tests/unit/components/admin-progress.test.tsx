/**
 * The Admin page follows progress one way: it asks once, then draws what the
 * worker publishes in storage.session; no timer asks again.
 */
import { render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { AuditPanel } from '../../../entrypoints/options/admin/AuditPanel';
import type { AuditStatus } from '../../../utils/admin/messages';
import type { MessageType } from '../../../utils/messages';
import { auditProgressItem } from '../../../utils/storage';

const status = (usersDone: number): AuditStatus => ({
  run: {
    id: 'run1',
    poolId: 'us-east-1_Test',
    endpoint: 'http://127.0.0.1:9/',
    state: 'running',
    listingDone: true,
    usersDone,
    devicesFound: usersDone * 2,
    pagesRead: 1,
    reads: usersDone + 1,
    listingRestarts: 0,
    startedAt: 0,
    updatedAt: usersDone,
    pendingCount: 10 - usersDone,
  },
  totalUsers: 10,
  totalExact: true,
  usersPerSec: 1,
  readsPerSec: 1,
  readQuota: 50,
  throttledRetries: 0,
});

describe('audit progress on the Admin page', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('asks for the status once, then draws the published progress without asking again', async () => {
    const asked: MessageType[] = [];
    vi.spyOn(
      browser.runtime as unknown as { sendMessage: (m: unknown) => Promise<unknown> },
      'sendMessage',
    ).mockImplementation(async (message) => {
      asked.push((message as { type: MessageType }).type);
      return { ok: true, value: status(2) };
    });
    render(<AuditPanel connected />);
    const progress = await screen.findByRole('region', { name: 'Audit progress' });
    await waitFor(() => expect(progress.textContent).toContain('2 of 10'));
    await auditProgressItem.setValue(status(7));
    await waitFor(() => expect(progress.textContent).toContain('7 of 10'));
    // Long enough for the old 1 s timer to have asked again.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(asked).toEqual(['admin.audit.status']);
  });
});
