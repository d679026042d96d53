import type { OfficeApi } from '../../src/office/api.ts';
import type { Call } from '../shared/api-client.ts';
import { TransportError } from '../shared/api-client.ts';

export interface Me {
  username: string;
  displayName: string;
  canUnmask: boolean;
}

let csrf = '';

/** Loads the signed-in user and the session's CSRF token; null when the session is gone. */
export async function loadSession(): Promise<Me | null> {
  const res = await fetch('/auth/session', { headers: { accept: 'application/json' } });
  if (!res.ok) return null;
  const body = (await res.json()) as { user: Me; csrf: string };
  csrf = body.csrf;
  return body.user;
}

export function toLogin(): void {
  window.location.assign('/office/login.html');
}

async function invoke(method: string, input: unknown): Promise<unknown> {
  const res = await fetch(`/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  if (res.status === 401) toLogin();
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new TransportError(method, res.status, body?.error?.message ?? `HTTP ${res.status}`);
  }
  return res.json();
}

/** The office API, typed like the onboard client, with the session's CSRF token on every call. */
export const officeCall = ((method: string, input?: unknown) => invoke(method, input)) as Call<OfficeApi>;

export async function logout(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf } });
  toLogin();
}
