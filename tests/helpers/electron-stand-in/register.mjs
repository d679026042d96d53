/**
 * `node --import <this> resources/app.asar/dist/main/main.mjs`: sets process.resourcesPath as
 * Electron sets it for a packaged app (LIANXIN_STAND_IN_RESOURCES). `electron` itself resolves to
 * this folder through the test package's node_modules/electron link (tests/helpers/packaged-app.ts).
 */
if (process.env.LIANXIN_STAND_IN_RESOURCES) process.resourcesPath = process.env.LIANXIN_STAND_IN_RESOURCES;
