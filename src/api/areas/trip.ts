import type { ApiDeps } from '../deps.ts';

/** Trip history for the screens (the live feed comes through LiveEvent `trip`). */
export function tripApi({ store }: ApiDeps) {
  return {
    async tripRecentEvents(input: { limit?: number } | undefined) {
      const limit = Math.min(Math.max(Math.trunc(input?.limit ?? 20), 1), 500);
      return store.recentTripEvents(limit);
    },
  };
}
