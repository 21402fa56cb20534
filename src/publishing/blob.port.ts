/** BlobStore port: where image bytes live. Adapter: blob.db.ts (a table; shared by every process). */
export interface StoredBlob {
  id: string
  mimeType: string
  byteSize: number
  sha256: string
  createdAt: number
}

export interface BlobStore {
  put(workspaceId: string, data: Uint8Array, mimeType: string, createdBy: string | null): Promise<StoredBlob>
  /** Metadata only; undefined when the blob is not in this workspace. */
  stat(workspaceId: string, id: string): Promise<StoredBlob | undefined>
  read(workspaceId: string, id: string): Promise<(StoredBlob & { data: Uint8Array }) | undefined>
}
