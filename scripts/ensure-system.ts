/** `tsx scripts/ensure-system.ts`: make sure Debian's Chromium, Firefox ESR and AWS CLI are installed. */
import { ensureAwsCli, ensureChromium, ensureFirefox } from './system-tools';

console.log(`Chromium: ${ensureChromium()}`);
console.log(`Firefox: ${ensureFirefox()}`);
console.log(`AWS CLI: ${ensureAwsCli()}`);
