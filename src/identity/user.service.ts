import type { Clock } from '../core/clock.js'
import { conflict, DomainError, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { hashPassword, passwordProblem } from '../core/password.js'
import { toUser, type User, type UserRepository } from './user.repository.js'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function normalizeEmail(email: string): string {
  const e = email.trim().toLowerCase()
  if (!EMAIL.test(e) || e.length > 254)
    throw invalid('email', 'must be an email address such as dana@example.com')
  return e
}

export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: { email: string; name: string; password: string }): Promise<User> {
    const email = normalizeEmail(input.email)
    const name = input.name.trim()
    if (!name) throw invalid('name', 'is required')
    const problem = passwordProblem(input.password)
    if (problem) throw invalid('password', problem)
    if (await this.users.byEmail(email)) throw conflict(`a user with email ${email} already exists`)
    const now = this.clock.now()
    const row = {
      id: newId(now),
      email,
      name,
      password_hash: await hashPassword(input.password),
      created_at: now,
      updated_at: now,
      last_login_at: null,
      // @NOTE the first account of an install (first-run setup, or `townhall user create` on an empty
      // database) runs it: without an instance owner nobody could create a workspace.
      instance_owner: (await this.users.count()) === 0 ? 1 : 0,
    }
    try {
      await this.users.insert(row)
    } catch (e) {
      if (await this.users.byEmail(email)) throw conflict(`a user with email ${email} already exists`)
      throw e
    }
    return toUser(row)
  }

  /** Number of user accounts (0 means first-run setup is needed). */
  count(): Promise<number> {
    return this.users.count()
  }

  async get(id: string): Promise<User> {
    const row = await this.users.byId(id)
    if (!row) throw notFound('user')
    return toUser(row)
  }

  async resetPassword(email: string, password: string): Promise<User> {
    const row = await this.users.byEmail(normalizeEmail(email))
    if (!row) throw notFound(`user ${email}`)
    const problem = passwordProblem(password)
    if (problem) throw invalid('password', problem)
    await this.users.update(row.id, {
      password_hash: await hashPassword(password),
      updated_at: this.clock.now(),
    })
    return toUser(row)
  }

  async updateProfile(id: string, patch: { name?: string }): Promise<User> {
    if (patch.name !== undefined && !patch.name.trim())
      throw new DomainError('validation', 'name: is required', {
        fields: [{ field: 'name', reason: 'is required' }],
      })
    await this.users.update(id, {
      ...(patch.name ? { name: patch.name.trim() } : {}),
      updated_at: this.clock.now(),
    })
    return this.get(id)
  }
}
