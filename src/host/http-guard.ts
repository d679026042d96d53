import type { IncomingMessage } from 'node:http';
import { delays } from '../core/delays.ts';
import { isLoopbackHost } from '../core/loopback.ts';

/** Who may reach a host and how long a request may take: shared by the onboard host and the office. */
export interface HttpGuardOptions {
  /** The configured bind address. */
  host: string;
  /** Names besides loopback a browser may put in the Host header (e.g. the bus's LAN name). */
  hostNames?: readonly string[];
  /** A bind outside loopback must be asked for. */
  allowRemote?: boolean;
  /** Scheme the pages are reached by (https behind a TLS proxy): an Origin must match it too. */
  scheme?: 'http' | 'https';
  timeouts?: { headersMs: number; requestMs: number; checkMs: number };
}

export const defaultTimeouts = {
  headersMs: delays.httpHeadersTimeoutMs,
  requestMs: delays.httpRequestTimeoutMs,
  checkMs: delays.httpTimeoutCheckMs,
};

const wildcard = new Set(['0.0.0.0', '::', '[::]']);

/** The Host header's name (lower case, IPv6 in brackets), or null when there is none or it is malformed. */
function hostName(header: string | undefined): string | null {
  if (!header) return null;
  try {
    const url = new URL(`http://${header}`);
    return url.username || url.password || url.pathname !== '/' ? null : url.hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * DNS rebinding: a page on an attacker's name that resolves to this host must not drive it, so the
 * Host header must be a loopback name, the configured bind address or one of `hostNames`.
 */
export function hostAllowed(options: HttpGuardOptions): (req: IncomingMessage) => boolean {
  const names = new Set([...(options.hostNames ?? []), ...(wildcard.has(options.host) ? [] : [options.host])].map((n) => hostName(n) ?? n.toLowerCase()));
  return (req) => {
    const name = hostName(req.headers.host);
    return name !== null && (isLoopbackHost(name) || names.has(name));
  };
}

/** Browsers send Origin on cross-site POSTs; a page from elsewhere (another host, port or scheme) must not drive the bus or the office. */
export function isSameOrigin(req: IncomingMessage, scheme: 'http' | 'https' = 'http'): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin.toLowerCase() === `${scheme}://${(req.headers.host ?? '').toLowerCase()}`;
}

/** Refuses a non-loopback bind unless `allowRemote`; with it, says loudly what is being opened. */
export function checkBind(label: string, options: HttpGuardOptions, port: number): void {
  if (isLoopbackHost(options.host)) return;
  if (!options.allowRemote) {
    throw new Error(`${label}: refusing to listen on ${options.host}, which is not a loopback address; set http.allowRemote: true to serve the network`);
  }
  console.warn(
    [
      `!!! ${label}: listening on ${options.host}:${port}, reachable from the network (http.allowRemote is set).`,
      `!!! Anyone who reaches this address can use what it serves; put it behind a firewall or a TLS proxy.`,
      `!!! Accepted Host names: loopback${options.hostNames?.length ? `, ${options.hostNames.join(', ')}` : ''}${wildcard.has(options.host) ? '' : `, ${options.host}`}.`,
    ].join('\n'),
  );
}
