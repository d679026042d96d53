import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { deskPinCommand } from './desk-pin.ts';
import { nmeaCommand } from './nmea.ts';
import { officeCommand } from './office.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { syncCommand } from './sync.ts';

/** Every CLI command, in the order `--help` lists them. Add a command by adding its file here. */
export const commands: Command[] = [runCommand, demoCommand, officeCommand, replayCommand, nmeaCommand, deskPinCommand, syncCommand];
