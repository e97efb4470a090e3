/**
 * The schemas of the `admin.*` messages (see utils/message-validate.ts).
 * The handlers keep their precise checks (credentials, filters) and codes.
 */
import { DEVICE_KEY, DEVICE_NAME, ID } from '../message-fields';
import { boolean, integer, type ObjectFields, object, oneOf, optional, text } from '../message-validate';
import { COMPARE_KINDS } from './audit-compare';
import type { RemediationAction } from './remediation';
import { AUDIT_CATEGORIES } from './report';

/** UsernameType: at most 128 code points. */
const USERNAME = text(256);
const TYPED = text(1024);
const FILTER = object({
  category: oneOf(AUDIT_CATEGORIES),
  staleDays: optional(integer(1, 3650)),
  ip: optional(text(64)),
  text: optional(text(256)),
  addedSince: optional(ID),
});
const REMEDIATIONS: readonly RemediationAction[] = ['forget', 'notRemember'];
const RUN = { runId: ID };

export const ADMIN_MESSAGE_SCHEMAS = {
  'admin.status': {},
  'admin.connect': {
    poolId: TYPED,
    accessKeyId: TYPED,
    secretAccessKey: TYPED,
    // STS session tokens run to a few KB.
    sessionToken: optional(text(8192)),
  },
  'admin.describePool': {},
  'admin.forget': {},
  'admin.users.search': {
    attribute: oneOf(['username', 'email']),
    prefix: text(256),
    paginationToken: optional(text(8192)),
  },
  'admin.devices.list': { username: USERNAME },
  'admin.device.get': { username: USERNAME, deviceKey: DEVICE_KEY },
  'admin.device.setRemembered': {
    username: USERNAME,
    deviceKey: DEVICE_KEY,
    remembered: boolean(),
    deviceName: optional(DEVICE_NAME),
    wasRemembered: optional(boolean()),
  },
  'admin.device.forget': {
    username: USERNAME,
    deviceKey: DEVICE_KEY,
    deviceName: optional(DEVICE_NAME),
    wasRemembered: optional(boolean()),
  },
  'admin.audit.start': {},
  'admin.audit.status': { runId: optional(ID) },
  'admin.audit.pause': RUN,
  'admin.audit.resume': RUN,
  'admin.audit.cancel': RUN,
  'admin.audit.report': { ...RUN, staleDays: integer(1, 3650) },
  'admin.audit.devices': { ...RUN, filter: FILTER, limit: integer(1, 500), after: optional(USERNAME) },
  'admin.audit.export': {
    ...RUN,
    filter: FILTER,
    format: oneOf(['csv', 'json']),
    after: optional(USERNAME),
    // An epoch ms (the first chunk's time) and the rows already exported.
    asOf: optional(integer(0, 8_640_000_000_000_000)),
    count: optional(integer(0, 100_000_000)),
  },
  'admin.audit.kept': {},
  'admin.audit.compare': {
    fromRunId: ID,
    toRunId: ID,
    kind: oneOf(COMPARE_KINDS),
    offset: integer(0, 1_000_000),
    limit: integer(1, 500),
    top: integer(0, 100),
  },
  'admin.audit.compareExport': {
    fromRunId: ID,
    toRunId: ID,
    kind: oneOf(COMPARE_KINDS),
    format: oneOf(['csv', 'json']),
    asOf: optional(integer(0, 8_640_000_000_000_000)),
    count: optional(integer(0, 100_000_000)),
  },
  'admin.remediation.preview': { ...RUN, filter: FILTER },
  'admin.remediation.start': { ...RUN, filter: FILTER, action: oneOf(REMEDIATIONS), dryRun: boolean() },
  'admin.remediation.status': {},
  'admin.remediation.cancel': {},
} as const satisfies Record<string, ObjectFields>;
