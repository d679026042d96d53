import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { CommandIo } from './command.ts';

/** Loads `--config FILE` (or LIANXIN_CONFIG, or defaults); prints the named error and returns null. */
export function configFromArgs(file: string | undefined, io: CommandIo): Config | null {
  const result = loadConfig(file ?? io.env.LIANXIN_CONFIG, io.env);
  if (!result.ok) {
    io.stderr.write(`lianxin: ${result.error.message}\n`);
    return null;
  }
  return result.value;
}
