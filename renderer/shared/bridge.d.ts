/** What the Electron preload exposes (main/preload.ts); absent when a screen runs in a browser. */
interface LianxinBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}

interface Window {
  lianxin?: LianxinBridge;
}
