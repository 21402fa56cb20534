import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { BlobStore, StoredBlob } from './blob.port.js'

/**
 * BlobStore in the database, as base64 text so SQLite and PostgreSQL store it alike.
 * @NOTE the database rather than the data dir, so worker processes on other machines read the same bytes.
 */
export class DbBlobStore implements BlobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async put(
    workspaceId: string,
    data: Uint8Array,
    mimeType: string,
    createdBy: string | null,
  ): Promise<StoredBlob> {
    const now = this.clock.now()
    const row = {
      id: newId(now),
      workspace_id: workspaceId,
      mime_type: mimeType,
      byte_size: data.byteLength,
      sha256: createHash('sha256').update(data).digest('hex'),
      data: Buffer.from(data).toString('base64'),
      created_by: createdBy,
      created_at: now,
    }
    await this.db.insertInto('media_blobs').values(row).execute()
    return { id: row.id, mimeType, byteSize: row.byte_size, sha256: row.sha256, createdAt: now }
  }

  async stat(workspaceId: string, id: string): Promise<StoredBlob | undefined> {
    const r = await this.db
      .selectFrom('media_blobs')
      .select(['id', 'mime_type', 'byte_size', 'sha256', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()
    return r && stored(r)
  }

  async read(workspaceId: string, id: string): Promise<(StoredBlob & { data: Uint8Array }) | undefined> {
    const r = await this.db
      .selectFrom('media_blobs')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()
    return r && { ...stored(r), data: new Uint8Array(Buffer.from(r.data, 'base64')) }
  }
}

/** What callers see of a stored blob's row. */
function stored(r: {
  id: string
  mime_type: string
  byte_size: number
  sha256: string
  created_at: number
}): StoredBlob {
  return { id: r.id, mimeType: r.mime_type, byteSize: r.byte_size, sha256: r.sha256, createdAt: r.created_at }
}
