import type { ServerResponse } from 'node:http';
import type { Config } from '../../config/schema.ts';
import { send } from '../../host/http-helpers.ts';

export type OfficeMapConfig = NonNullable<Config['office']['map']>;

const tileTimeoutMs = 10_000;
/** A tile larger than this is not a map tile. */
const maxTileBytes = 2 * 1024 * 1024;

/** The upstream URL of tile z/x/y, or null when those are not a tile of the configured zoom range. */
export function tileUrl(map: OfficeMapConfig, z: number, x: number, y: number): string | null {
  if (!Number.isInteger(z) || z < 0 || z > map.maxZoom) return null;
  const side = 2 ** z;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= side || y >= side) return null;
  const subdomains = map.subdomains ?? [];
  const s = subdomains.length > 0 ? subdomains[(x + y) % subdomains.length]! : '';
  return map.tiles.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y)).replaceAll('{s}', s);
}

/**
 * Serves basemap tile z/x/y from the configured source: the pages load tiles from the office
 * itself (same origin, the pages' CSP unchanged, the source's address and any key in it stay on
 * the office machine). A source that fails or answers something other than an image gives 502.
 */
export async function serveTile(map: OfficeMapConfig | undefined, path: string, res: ServerResponse): Promise<void> {
  const m = /^\/tiles\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})(?:\.png)?$/.exec(path);
  const url = map && m ? tileUrl(map, Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!url) return send(res, 404, { error: { code: 'no-tile', message: map ? 'no such tile' : 'no basemap configured (office.map)' } });
  try {
    const upstream = await fetch(url, { signal: AbortSignal.timeout(tileTimeoutMs), redirect: 'follow' });
    const type = upstream.headers.get('content-type') ?? '';
    if (!upstream.ok || !type.startsWith('image/')) {
      return send(res, 502, { error: { code: 'tile-source', message: `tile source answered ${upstream.status} ${type}` } });
    }
    const body = Buffer.from(await upstream.arrayBuffer());
    if (body.length > maxTileBytes) return send(res, 502, { error: { code: 'tile-source', message: 'tile too large' } });
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  } catch (error) {
    send(res, 502, { error: { code: 'tile-source', message: `tile source unreachable: ${(error as Error).message}` } });
  }
}
