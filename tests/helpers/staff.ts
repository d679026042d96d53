import { unwrap, type Result } from '../../src/core/result.ts';
import { hashPin } from '../../src/services/desk/staff-auth.ts';

/** One desk staff account for tests that need a staff session (the console, a service call). */
export const testStaff = { id: 'wang', name: '王芳', pin: '246810' } as const;
export const testStaffConfig = { desk: { staff: [{ id: testStaff.id, name: testStaff.name, pinHash: hashPin(testStaff.pin) }] } };

/** Logs the test staff in through the API's own login and returns the session token. */
export async function staffToken(api: { deskStaffLogin(input: { staffId: string; pin: string }): Promise<unknown> }): Promise<string> {
  const session = (await api.deskStaffLogin({ staffId: testStaff.id, pin: testStaff.pin })) as Result<{ token: string }>;
  return unwrap(session).token;
}
