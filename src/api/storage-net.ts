import type { StorageHealth } from '../store/storage-health.ts';

/**
 * The API's last line for storage: a write path that still lets a full or failing disk throw
 * answers it as the expected failure (`disk-full`, `storage-error`) every other path returns,
 * never a 500. Any other exception is a bug and still throws.
 */
export function answerStorageFailures<T extends Record<string, (input: never) => Promise<unknown>>>(health: StorageHealth, methods: T): T {
  const guarded: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, method] of Object.entries(methods)) {
    guarded[name] = async (input: never) => {
      try {
        return await method(input);
      } catch (error) {
        return health.failed(error);
      }
    };
  }
  return guarded as T;
}
