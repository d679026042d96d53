import type { Config } from '../../../src/config/schema.ts';

/** Accounts the sample ACL is exercised with: buses log in with their busId. */
export const accounts = { office: 'office-secret', 'bus-a': 'a-secret', 'bus-b': 'b-secret' } as const;
export type Account = keyof typeof accounts;

/** Fast timings so faults resolve in seconds; the production values live in core/delays.ts. */
export const fast = {
  backoff: { minMs: 50, maxMs: 800 },
  sync: { resendAfterS: 1.5, maxUnacked: 5000 },
  maintenanceMs: 300,
  ackDebounceMs: 50,
};

export function mqttFor(url: string, account: Account | null): Config['mqtt'] {
  return account === null ? { url, protocolVersion: 5 } : { url, protocolVersion: 5, username: account, password: accounts[account] };
}
