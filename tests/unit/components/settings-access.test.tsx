import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SettingsSection } from '../../../entrypoints/options/SettingsSection';
import { LOOPBACK_ACCESS_REFUSED } from '../../../utils/settings-form';
import { readSettings } from '../../../utils/storage';

/** fakeBrowser leaves permissions unmocked: answer `request` / `remove` and record the calls. */
function permissions(granted: boolean) {
  const request = vi.fn(async (_p: { origins: string[] }) => granted);
  const remove = vi.fn(async (_p: { origins: string[] }) => true);
  Object.assign(fakeBrowser.permissions, { request, remove });
  return { request, remove };
}

async function saveOverride(value: string) {
  render(<SettingsSection />);
  const field = await screen.findByLabelText('Endpoint override (loopback only)');
  fireEvent.input(field, { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
}

describe('Settings asks for loopback access when it names a loopback endpoint', () => {
  it('asks for that host (any port) from the click, and saves once granted', async () => {
    const { request, remove } = permissions(true);
    await saveOverride('http://127.0.0.1:9329');
    await screen.findByText('Settings saved.');
    expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    expect(remove).not.toHaveBeenCalled();
    expect((await readSettings()).endpointOverride).toBe('http://127.0.0.1:9329/');
  });

  it('says so and saves nothing when the browser refuses', async () => {
    permissions(false);
    await saveOverride('http://localhost:9329');
    await screen.findByText(LOOPBACK_ACCESS_REFUSED);
    expect(screen.queryByText('Settings saved.')).toBeNull();
    expect((await readSettings()).endpointOverride).toBe('');
  });

  it('gives the loopback access back when the override is emptied', async () => {
    const { request, remove } = permissions(true);
    await saveOverride('');
    await screen.findByText('Settings saved.');
    expect(request).not.toHaveBeenCalled();
    await waitFor(() => expect(remove).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*', 'http://localhost/*'] }));
  });
});
