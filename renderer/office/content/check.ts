import { officeCall } from '../client.ts';
import type { FieldIssue } from './FormField.tsx';

type Kind = 'policy-handbook' | 'service-catalogue' | 'activity-schedule' | 'announcements';

/** The draft checked on the office with the bus's own schema: [] when it would be accepted. */
export async function checkDraft(kind: Kind, body: unknown): Promise<FieldIssue[]> {
  const result = await officeCall('officeContentCheck', { kind, body });
  return result.ok ? [] : (result.error.issues?.map((i) => ({ path: [...i.path], message: i.message })) ?? [{ path: [], message: result.error.message }]);
}
