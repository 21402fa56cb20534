/** Tables of triage learning (migration 0007-inbox-learning). */

/** An agent's correction of one message's reading. */
export interface TriageCorrectionsTable {
  id: string
  workspace_id: string
  message_id: string
  conversation_id: string
  member_id: string | null
  /** 'sentiment' | 'intent' | 'spam' */
  field: string
  from_value: string | null
  to_value: string
  created_at: number
}

/** A workspace's learner (WorkspaceLearnerState as JSON); `version` grows with every save. */
export interface TriageLearnersTable {
  workspace_id: string
  state: string
  examples: number
  version: number
  updated_at: number
}

export interface TriageLearningTables {
  triage_corrections: TriageCorrectionsTable
  triage_learners: TriageLearnersTable
}
