/**
 * The benches run in Node, outside an extension. Code under test that
 * defines storage items (utils/storage.ts) needs a `browser`: it gets WXT's
 * in-memory fake, as the unit tests do. Import this module first.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';

Object.assign(globalThis, { browser: fakeBrowser, chrome: fakeBrowser });
