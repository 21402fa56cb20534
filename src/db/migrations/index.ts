import type { Migration } from 'kysely'
import * as m0001 from './0001-foundation.js'
import * as m0003 from './0003-networks.js'
import * as m0004 from './0004-publishing.js'
import * as m0005 from './0005-notify.js'
import * as m0006 from './0006-inbox.js'
import * as m0007 from './0007-inbox-learning.js'
import * as m0008 from './0008-analytics-care.js'
import * as m0009 from './0009-analytics-presence.js'
import * as m0010 from './0010-leader-strategy.js'
import * as m0011 from './0011-leader-rhythm.js'
import * as m0013 from './0013-care-speed.js'
import * as m0014 from './0014-ingest-fk.js'
import * as m0015 from './0015-sla-index.js'
import * as m0016 from './0016-contact-accounts.js'
import * as m0017 from './0017-assignee-index.js'
import * as m0018 from './0018-list-per-state.js'
import * as m0019 from './0019-jobs-queue.js'
import * as m0020 from './0020-instance.js'
import * as m0022 from './0022-oauth-apps.js'
import * as m0023 from './0023-campaigns-public-page.js'

/**
 * Every migration, by name, in order. Listed statically so the compiled build needs no file scanning.
 * Add new ones at the end with the next number; never edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0003-networks': m0003,
  '0004-publishing': m0004,
  '0005-notify': m0005,
  '0006-inbox': m0006,
  '0007-inbox-learning': m0007,
  '0008-analytics-care': m0008,
  '0009-analytics-presence': m0009,
  '0010-leader-strategy': m0010,
  '0011-leader-rhythm': m0011,
  '0013-care-speed': m0013,
  '0014-ingest-fk': m0014,
  '0015-sla-index': m0015,
  '0016-contact-accounts': m0016,
  '0017-assignee-index': m0017,
  '0018-list-per-state': m0018,
  '0019-jobs-queue': m0019,
  '0020-instance': m0020,
  '0022-oauth-apps': m0022,
  '0023-campaigns-public-page': m0023,
}
