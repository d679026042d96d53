import { z } from 'zod';
import type { OfficeStore } from './store.ts';

const eventsInput = z
  .strictObject({
    busId: z.string().max(32).optional(),
    kind: z.string().max(32).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .optional();

/** The office host's API: what the office pages read. Same shape rules as the onboard API. */
export function buildOfficeApi({ store }: { store: OfficeStore }) {
  return {
    async officeBuses() {
      return store.buses();
    },
    async officeEvents(input: z.input<typeof eventsInput>) {
      const parsed = eventsInput.safeParse(input);
      if (!parsed.success) return { ok: false as const, error: { code: 'bad-input', message: parsed.error.message } };
      return { ok: true as const, value: store.events(parsed.data ?? {}) };
    },
    async officeQuarantine() {
      return store.quarantined();
    },
  };
}

export type OfficeApi = ReturnType<typeof buildOfficeApi>;
