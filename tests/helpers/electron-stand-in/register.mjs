/**
 * `node --import <this> dist/main/main.mjs`: the kiosk's main bundle in plain Node, with `electron`
 * resolved to the recording stand-in beside this file, and process.resourcesPath set as Electron
 * sets it for a packaged app (LIANXIN_STAND_IN_RESOURCES).
 */
import { register } from 'node:module';

if (process.env.LIANXIN_STAND_IN_RESOURCES) process.resourcesPath = process.env.LIANXIN_STAND_IN_RESOURCES;
register(new URL('./hooks.mjs', import.meta.url));
