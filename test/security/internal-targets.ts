/**
 * Test data for the SSRF guard rails (issue #18): the internal targets every outbound feature must refuse.
 */
/** Every spelling of an internal target the probe used, plus the other ranges the policy names. */
export const INTERNAL_TARGETS = (port: number): string[] => [
  `http://127.0.0.1:${port}/hook`,
  `http://127.1:${port}/`,
  `http://0x7f000001:${port}/`,
  `http://2130706433:${port}/`,
  `http://[::1]:${port}/`,
  `http://localhost:${port}/`,
  `http://[::ffff:127.0.0.1]:${port}/`,
  `http://0.0.0.0:${port}/`,
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://[fd12:3456::1]/',
  'http://[fe80::1]/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://[::]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[2002:7f00:1::]/',
]
