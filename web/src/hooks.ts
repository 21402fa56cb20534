import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from './api.js'
import { sentence } from './text.js'

export interface AsyncState<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  reload: () => void
  setData: (next: T | ((prev: T | undefined) => T)) => void
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  return new ApiError(0, 'Something went wrong', e instanceof Error ? e.message : String(e), 'client')
}

/** Loads data when `deps` change; stale responses are ignored. */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<ApiError | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [nonce, setNonce] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers pass their own dependency list
  useEffect(() => {
    let live = true
    setLoading(true)
    setError(undefined)
    loadRef.current().then(
      (value) => {
        if (!live) return
        setData(value)
        setLoading(false)
      },
      (e: unknown) => {
        if (!live) return
        setError(toApiError(e))
        setLoading(false)
      },
    )
    return () => {
      live = false
    }
  }, [...deps, nonce])
  const reload = useCallback(() => setNonce((n) => n + 1), [])
  return { data, error, loading, reload, setData }
}

export interface SubmitState {
  busy: boolean
  /** The error not tied to one field (shown above the form). */
  error: ApiError | undefined
  /** Field name → reason, shown next to each field. */
  fieldErrors: Record<string, string>
  /** Runs `action`; returns its result, or undefined when it failed (the error is then in state). */
  run: <R>(action: () => Promise<R>, options?: { conflictField?: string }) => Promise<R | undefined>
  setFieldErrors: (errors: Record<string, string>) => void
  /** Drops one field's error, e.g. as soon as the user edits that field. */
  clearField: (field: string) => void
  clear: () => void
}

/** Tracks one form's submission: busy flag, general error and field errors. */
export function useSubmit(): SubmitState {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | undefined>(undefined)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const run = useCallback(
    async <R>(action: () => Promise<R>, options: { conflictField?: string } = {}): Promise<R | undefined> => {
      setBusy(true)
      setError(undefined)
      setFieldErrors({})
      try {
        return await action()
      } catch (e) {
        const err = toApiError(e)
        const fields = err.fields
        // A conflict such as "a user with this email already exists" belongs next to that field.
        if (err.status === 409 && options.conflictField && Object.keys(fields).length === 0) {
          fields[options.conflictField] = sentence(err.detail ?? err.title)
        }
        setFieldErrors(fields)
        if (Object.keys(fields).length === 0) setError(err)
        return undefined
      } finally {
        setBusy(false)
      }
    },
    [],
  )
  const clear = useCallback(() => {
    setError(undefined)
    setFieldErrors({})
  }, [])
  const clearField = useCallback((field: string) => {
    setFieldErrors((prev) => {
      if (!(field in prev)) return prev
      const { [field]: _, ...rest } = prev
      return rest
    })
  }, [])
  return { busy, error, fieldErrors, run, setFieldErrors, clearField, clear }
}
