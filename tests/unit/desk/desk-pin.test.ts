import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { deskPinCommand } from '../../../src/cli/commands/desk-pin.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { verifyPin } from '../../../src/services/desk/staff-auth.ts';

async function runWithStdin(input: string): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  stdin.end(input);
  const code = await deskPinCommand.run([], { stdin, stdout, stderr, env: {}, stopSignal: new Promise(() => {}) });
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
