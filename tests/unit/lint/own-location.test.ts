import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd });

async function ownLocationErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

// Bundled (dist/cli.mjs) or packaged (app.asar), a module is no longer where its source was.
describe('shipped files are found through the app root only', () => {
  it.each([
    ['src/services/feedback/x.ts', "export const u = new URL('../../../assets/moderation/profanity.txt', import.meta.url);"],
    ['hardware/audio/x.ts', "import { join } from 'node:path';\nexport const p = join(import.meta.dirname, 'clips');"],
    ['main/x.ts', 'export const p = import.meta.filename;'],
    ['src/host/x.ts', 'export const p = __dirname;'],
  ])('%s may not: %s', async (file, code) => {
    expect(await ownLocationErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/app-root/app-root.ts', 'export const u = import.meta.url;'],
    ['tests/unit/x.test.ts', 'export const u = import.meta.url;'],
    ['src/host/x.ts', "import { shippedAsset } from '../app-root/app-root.ts';\nexport const p = shippedAsset('routes/x.geojson');"],
  ])('%s may: %s', async (file, code) => {
    expect(await ownLocationErrors(file, code)).toEqual([]);
  });
});
