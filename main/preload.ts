import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Sandboxed preload: exposes exactly two functions, never ipcRenderer itself.
contextBridge.exposeInMainWorld('lianxin', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('lianxin:invoke', method, input),
  onEvent: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on('lianxin:event', forward);
    return () => ipcRenderer.removeListener('lianxin:event', forward);
  },
});
