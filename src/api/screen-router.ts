import type { Api } from './index.ts';
import type { LiveEvent } from './live.ts';
import { eventFor, isScreen, screenSurfaces, type Screen } from './surfaces.ts';

/** Each screen's pages load from their own origin, app://<screen>/ (main/windows.ts, main/protocol.ts). */
export function screenOrigin(screen: Screen): string {
  return `app://${screen}`;
}

/** The screen whose origin `url` is, or null for any other page. */
export function screenOfUrl(url: string | undefined): Screen | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && isScreen(parsed.hostname) ? parsed.hostname : null;
  } catch {
    return null;
  }
}

export class RefusedCall extends Error {}

/**
 * The Electron main process's gatekeeper, kept free of Electron so it is tested in Node: a window is
 * registered with the screen it was opened for, and a call is served only when it comes from that
 * window, from a frame of that screen's origin, and names a method on that screen's list.
 */
export class ScreenRouter {
  private readonly windows = new Map<number, Screen>();
  private readonly surfaces: Record<Screen, Record<string, (input: unknown) => unknown>>;

  constructor(api: Api) {
    this.surfaces = screenSurfaces(api) as unknown as Record<Screen, Record<string, (input: unknown) => unknown>>;
  }

  /** The window with this webContents id shows `screen`; forget it when it closes. */
  register(contentsId: number, screen: Screen): () => void {
    this.windows.set(contentsId, screen);
    return () => this.windows.delete(contentsId);
  }

  /** The screen a call from (contentsId, frameUrl) speaks for; null when it must be refused. */
  screenOf(contentsId: number, frameUrl: string | undefined): Screen | null {
    const screen = this.windows.get(contentsId);
    return screen !== undefined && screenOfUrl(frameUrl) === screen ? screen : null;
  }

  async invoke(sender: { contentsId: number; frameUrl: string | undefined }, method: unknown, input: unknown): Promise<unknown> {
    const screen = this.screenOf(sender.contentsId, sender.frameUrl);
    if (!screen) throw new RefusedCall('API refused: unknown sender');
    const surface = this.surfaces[screen];
    if (typeof method !== 'string' || !Object.hasOwn(surface, method)) {
      throw new RefusedCall(`API refused: the ${screen} screen has no method "${String(method)}"`);
    }
    return surface[method]!(input);
  }

  /** Each registered window with what its screen hears of `event` (windows hearing nothing are left out). */
  deliveries(event: LiveEvent): { contentsId: number; event: unknown }[] {
    const out: { contentsId: number; event: unknown }[] = [];
    for (const [contentsId, screen] of this.windows) {
      const projected = eventFor(screen, event);
      if (projected) out.push({ contentsId, event: projected });
    }
    return out;
  }
}
