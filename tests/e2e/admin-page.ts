/**
 * Driving the Admin page as a person does: enter the IAM credentials in its
 * form and wait until it says it is connected (admin.test.ts,
 * remediation-resume.test.ts).
 */
import type { Page } from 'playwright-core';

/** Fill the "Admin credentials" form, check them, and return once the page says "Connected to". */
export async function connectAdmin(
  page: Page,
  credentials: { poolId: string; accessKeyId: string; secretAccessKey: string },
): Promise<void> {
  const form = page.getByRole('form', { name: 'Admin credentials' });
  await form.getByLabel('User pool id').fill(credentials.poolId);
  await form.getByLabel('Access key id').fill(credentials.accessKeyId);
  await form.getByLabel('Secret access key').fill(credentials.secretAccessKey);
  await form.getByRole('button', { name: 'Check credentials' }).click();
  await page.getByText('Connected to').waitFor({ timeout: 20_000 });
}
