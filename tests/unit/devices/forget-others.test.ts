/** "Forget all other devices": what it acts on and what it leaves out (utils/devices/forget-others.ts). */
import { describe, expect, it } from 'vitest';
import { forgetOthersPlan, forgetOthersRows, leftOutText } from '../../../utils/devices/forget-others';
import type { DeviceRow } from '../../../utils/devices/view';

const row = (key: string, over: Partial<DeviceRow> = {}): DeviceRow => ({
  key,
  remembered: true,
  source: 'listed',
  isCurrent: false,
  ...over,
});

describe('forgetOthersPlan', () => {
  const mine = row('us-east-1_mine', { isCurrent: true });
  const phone = row('us-east-1_phone');
  const tablet = row('us-east-1_tablet', { source: 'history', remembered: false });
  const known = row('us-east-1_known-mine', { source: 'history', remembered: false, isCurrent: true });

  it('acts on the listed devices but this browser’s, and names the known-only ones it leaves out', () => {
    const plan = forgetOthersPlan({ listed: [mine, phone], knownOnly: [tablet, known] });
    expect(plan.listed.map((r) => r.key)).toEqual(['us-east-1_phone']);
    expect(plan.leftOut.map((r) => r.key)).toEqual(['us-east-1_tablet']);
    expect(forgetOthersRows(plan, false).map((r) => r.key)).toEqual(['us-east-1_phone']);
    expect(forgetOthersRows(plan, true).map((r) => r.key)).toEqual(['us-east-1_phone', 'us-east-1_tablet']);
  });

  it.each([
    [0, ''],
    [1, 'Cognito’s list leaves out 1 device known from history'],
    [3, 'Cognito’s list leaves out 3 devices known from history'],
  ])('says how many it leaves out: %i', (count, start) => {
    const text = leftOutText(count);
    if (count === 0) expect(text).toBe('');
    else {
      expect(text.startsWith(start)).toBe(true);
      expect(text).toContain(count === 1 ? 'still keeps it until forgotten' : 'still keeps them until forgotten');
    }
  });
});
