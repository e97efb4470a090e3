/** `tsx scripts/ensure-system.ts`: make sure Debian's Chromium and AWS CLI are installed. */
import { ensureAwsCli, ensureChromium } from './system-tools';

console.log(`Chromium: ${ensureChromium()}`);
console.log(`AWS CLI: ${ensureAwsCli()}`);
