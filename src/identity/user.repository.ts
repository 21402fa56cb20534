import type { Kysely, Selectable } from 'kysely'
import type { Database, UsersTable } from '../db/schema.js'

export type UserRow = Selectable<UsersTable>

/** Public view of a user: never carries the password hash. */
export interface User {
  id: string
  email: string
  name: string
  createdAt: number
  lastLoginAt: number | null
}

export function toUser(r: UserRow): User {
  return { id: r.id, email: r.email, name: r.name, createdAt: r.created_at, lastLoginAt: r.last_login_at }
}

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  byEmail(email: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst()
  }

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async insert(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute()
  }

  async update(id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute()
  }
}
