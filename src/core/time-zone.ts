/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return tz.length > 0 && tz.length < 64
  } catch {
    return false
  }
}

/** Business hours: per weekday (0 = Sunday) a list of [start, end) in "HH:MM" local time. */
export type BusinessHours = { alwaysOpen: boolean; days: Record<string, Array<[string, string]>> }

export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  alwaysOpen: false,
  days: {
    '1': [['09:00', '17:00']],
    '2': [['09:00', '17:00']],
    '3': [['09:00', '17:00']],
    '4': [['09:00', '17:00']],
    '5': [['09:00', '17:00']],
  },
}
