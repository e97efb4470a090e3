/**
 * A popup action costs one runtime round trip and one Cognito call: the
 * worker's answer to devices.act carries the updated list. The popup is wired
 * to the real device service (fake Cognito counting its calls) through the
 * device handlers, as background.ts wires them.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupDevices } from '../../../entrypoints/popup/PopupDevices';
import type { CognitoClient, Device } from '../../../utils/cognito';
import { deviceHandlers } from '../../../utils/devices/handlers';
import { createDeviceService } from '../../../utils/devices/service';
import { openHistory } from '../../../utils/history/store';
import { createSession } from '../../../utils/session/create-session';
import { accessClaims, LOOPBACK_ISS, NOW_MS, unsignedToken } from '../token/fixtures';
import { answerMessages } from './fake-runtime';

const session = {
  ...createSession(
    {
      source: 'paste',
      accessToken: `${unsignedToken({ alg: 'RS256', kid: 'k1' }, accessClaims({ scope: 'aws.cognito.signin.user.admin' }))}sig`,
    },
    { id: 's1', nowMs: NOW_MS, endpointOverride: new URL(LOOPBACK_ISS).origin },
  ),
  status: { state: 'active' as const },
};

describe('popup action', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('“Don’t remember” costs one devices.act message and one Cognito call, and redraws from its answer', async () => {
    const devices: Device[] = [
      { key: 'us-east-1_aaaa', name: 'Work laptop', remembered: true },
      { key: 'us-east-1_bbbb', name: 'Phone', remembered: true },
    ] as Device[];
    const cognitoCalls: string[] = [];
    const client = {
      async *listAllDevices() {
        cognitoCalls.push('ListDevices');
        for (const d of devices) if (d.remembered) yield d;
      },
      async updateDeviceStatus({ deviceKey, remembered }: { deviceKey: string; remembered: boolean }) {
        cognitoCalls.push('UpdateDeviceStatus');
        const d = devices.find((x) => x.key === deviceKey);
        if (d) (d as { remembered?: boolean }).remembered = remembered;
      },
    } as unknown as CognitoClient;
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => NOW_MS });
    const service = createDeviceService({
      sessions: { get: async () => session },
      cognito: async () => client,
      endpointOverride: async () => new URL(LOOPBACK_ISS).origin,
      history: async () => history,
      publishBulk: async () => {},
      now: () => NOW_MS,
      defer: () => {},
    });
    const handlers = deviceHandlers(service) as Record<string, (m: unknown) => Promise<unknown>>;
    const asked = answerMessages(async (type, message) => {
      try {
        return { ok: true, value: await handlers[type]?.(message) };
      } catch (error) {
        return { ok: false, error: (error as { toJSON(): unknown }).toJSON() };
      }
    });

    render(<PopupDevices sessionId="s1" />);
    const list = await screen.findByRole('list', { name: 'Remembered devices' });
    await within(list).findByText('Phone');
    asked.length = 0;
    cognitoCalls.length = 0;

    fireEvent.click(screen.getByRole('button', { name: 'Actions for Phone' }));
    fireEvent.click(screen.getByRole('button', { name: 'Don’t remember Phone' }));
    await waitFor(() => expect(within(list).queryByText('Phone')).toBeNull());
    expect(asked).toEqual(['devices.act']);
    expect(cognitoCalls).toEqual(['UpdateDeviceStatus']);
    history.close();
  });
});
