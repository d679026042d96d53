import { describe, expect, it } from 'vitest';
import { deskPinCommand } from '../../../src/cli/commands/desk-pin.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { verifyPin } from '../../../src/services/desk/staff-auth.ts';
import { runCli } from '../../helpers/cli-io.ts';

async function runWithStdin(input: string): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout: out, stderr: err } = await runCli([], { command: deskPinCommand, stdin: input });
  return { code, out, err };
}

describe('lianxin desk-pin', () => {
  it('prints a scrypt hash the config accepts and the console verifies, without echoing the PIN', async () => {
    const { code, out } = await runWithStdin('246810\n');
    expect(code).toBe(0);
    const hash = out.trim();
    expect(hash).not.toContain('246810');
    expect(verifyPin('246810', hash)).toBe(true);
    expect(verifyPin('246811', hash)).toBe(false);
    expect(configSchema.parse({ desk: { staff: [{ id: 's01', name: '王丽', pinHash: hash }] } }).desk.staff).toHaveLength(1);
    expect(configSchema.safeParse({ desk: { staff: [{ id: 's01', name: '王丽', pinHash: '246810' }] } }).success).toBe(false);
  });

  it('refuses a PIN that is not 4–8 digits', async () => {
    expect(await runWithStdin('12\n')).toMatchObject({ code: 1, out: '', err: expect.stringContaining('4 to 8 digits') });
  });
});
