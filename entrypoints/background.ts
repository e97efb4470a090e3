import { defineBackground } from 'wxt/utils/define-background';

/** Wiring only: message handlers and alarms are registered here as they land. */
export default defineBackground(() => {});
