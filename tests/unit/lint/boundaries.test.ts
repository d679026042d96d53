import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('layer boundaries (GUIDE §2)', () => {
  it.each([
    ['src/trip/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['src/trip/x.ts', "import { useState } from 'react';\nexport const a = useState;"],
    ['src/trip/x.ts', "import { SerialPort } from 'serialport';\nexport const a = SerialPort;"],
    ['hardware/gps/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['hardware/gps/x.ts', "import { createElement } from 'react';\nexport const a = createElement;"],
    ['renderer/resident/x.ts', "import { Store } from '../../src/store/store.ts';\nexport const a = Store;"],
    ['renderer/resident/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
    ['renderer/resident/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
  ])('%s may not: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/resident/x.ts', "import type { Api } from '../../src/api/index.ts';\nexport type A = Api;"],
    ['src/host/x.ts', "import type { GpsSource } from '../../hardware/gps/types.ts';\nexport type A = GpsSource;"],
    ['hardware/gps/x.ts', "import { SerialPort } from 'serialport';\nexport const a = SerialPort;"],
    ['main/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ])('%s may: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
