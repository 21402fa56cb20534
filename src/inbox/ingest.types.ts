/** Types the ingest service and its helpers (ingest-conversation, ingest-steps, ingest-threads) share. */

/** The channel a batch came from. */
export interface IngestChannel {
  id: string
  workspaceId: string
  presenceId: string
  network: string
  /** Our own account on the network: its messages are ours ('out'). */
  remoteAccountId: string | null
}
