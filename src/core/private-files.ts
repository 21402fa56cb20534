/**
 * Owner-only files and folders for what holds secrets: the data directory (0700), the SQLite
 * database with its -wal and -shm files, backups and the secret key (0600).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** The files SQLite keeps beside a database in WAL mode. */
export const SQLITE_SIDE_FILES = ['-wal', '-shm'] as const

/** Creates `dir` (and missing parents) with mode 0700; an existing folder is left as it is (doctor warns). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/**
 * Creates `file` empty with mode 0600 if missing, and takes group and other bits off an existing one.
 *
 * @NOTE for SQLite this is done before the database is opened, instead of setting the process umask:
 * SQLite creates a database's -wal and -shm files with the mode of the database file itself (unix VFS,
 * `findCreateFileMode`), so a 0600 database gets 0600 side files whenever they are (re)created, while a
 * umask is process-wide state that would change the mode of every other file the process writes.
 */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  tighten(file)
}

/** Takes group and other bits off `file` when it exists; a file we may not chmod is left for doctor. */
export function tighten(file: string): void {
  try {
    const mode = statSync(file).mode & 0o777
    if (mode & 0o077) chmodSync(file, mode & 0o700)
  } catch {}
}

/** Permission bits of `path`, or undefined when it does not exist. */
export function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777
  } catch {
    return undefined
  }
}

/** True when anyone but the owner may read, write or enter `mode`. */
export function isLoose(mode: number): boolean {
  return (mode & 0o077) !== 0
}
