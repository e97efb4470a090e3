import { vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { MessageType } from '../../../utils/messages';

/** Answer a page's runtime messages with `answer(type, message)`; returns the types asked for, in order. */
export function answerMessages(answer: (type: MessageType, message: unknown) => Promise<unknown>): MessageType[] {
  const asked: MessageType[] = [];
  vi.spyOn(
    browser.runtime as unknown as { sendMessage: (m: unknown) => Promise<unknown> },
    'sendMessage',
  ).mockImplementation((message) => {
    const type = (message as { type: MessageType }).type;
    asked.push(type);
    return answer(type, message);
  });
  return asked;
}
