import { describe, expect, it } from 'vitest';
import type { DeviceAction } from '../../../utils/devices/actions';
import type { BulkJobItem } from '../../../utils/devices/bulk-job';
import { resumePlan, statusAfterAction, tookEffect } from '../../../utils/devices/durable-job';
import type { FoundStatus } from '../../../utils/history/types';

const items = (...outcomes: BulkJobItem['outcome'][]): BulkJobItem[] =>
  outcomes.map((outcome, i) => ({ key: `k${i}`, outcome }));

describe('resumePlan', () => {
  it.each([
    [
      'running, mixed',
      'running',
      items('ok', 'pending', 'inFlight', 'failed', 'pending', 'reconciled'),
      ['k1', 'k4'],
      ['k2'],
    ],
    ['running, nothing left', 'running', items('ok', 'failed', 'cancelled'), [], []],
    ['done: nothing', 'done', items('pending', 'inFlight'), [], []],
    ['cancelled: nothing', 'cancelled', items('pending'), [], []],
    ['interrupted: nothing', 'interrupted', items('inFlight'), [], []],
  ] as const)('%s', (_name, state, list, run, check) => {
    expect(resumePlan({ state, items: [...list] })).toEqual({ run, check });
  });
});

describe('tookEffect: whether an in-flight call is not re-sent', () => {
  it.each<[DeviceAction, FoundStatus | undefined, boolean]>([
    ['remember', 'remembered', true],
    ['remember', 'not_remembered', false],
    ['remember', 'forgotten', false],
    ['remember', 'unlisted', false],
    ['notRemember', 'not_remembered', true],
    ['notRemember', 'remembered', false],
    ['notRemember', undefined, false],
    ['notRemember', 'unlisted', true],
    ['notRemember', 'forgotten', false],
    ['forget', 'forgotten', true],
    ['forget', 'remembered', false],
    ['forget', 'not_remembered', false],
    ['forget', 'unlisted', false],
  ])('%s, found %s → %s', (action, found, expected) => {
    expect(tookEffect(action, found)).toBe(expected);
  });

  it('names the status each action leaves', () => {
    expect(['remember', 'notRemember', 'forget'].map((a) => statusAfterAction(a as DeviceAction))).toEqual([
      'remembered',
      'not_remembered',
      'forgotten',
    ]);
  });
});
