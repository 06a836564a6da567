/**
 * Safety checks for the HTTP team server: which Host/Origin names are accepted (DNS-rebinding protection),
 * the bearer token (compared in constant time), and the rule that a server reachable from other machines
 * must have a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { UsageError } from '../errors.js';

/** Host names that always mean "this machine" (hostname form, IPv6 in brackets, as URL.hostname gives them). */
export const LOCALHOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** True for a bind address that only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * The hostname part of a Host header value or an --allowed-host entry ("example.com", "example.com:8080",
 * "::1", "[::1]:3333"), lower-cased, IPv6 in brackets; undefined if it cannot be parsed.
 */
export function hostnameOf(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const bracketed = net.isIPv6(v) ? `[${v}]` : v;
  try {
    const hostname = new URL(`http://${bracketed}`).hostname;
    return hostname === '' ? undefined : hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The Host names the server accepts, or undefined when Host/Origin are not checked. Bound to loopback:
 * the localhost names plus every --allowed-host. Bound elsewhere (a token is then required): unchecked,
 * unless --allowed-host names are given, in which case those plus the localhost names.
 */
export function acceptedHostnames(bindHost: string, allowedHosts: readonly string[]): Set<string> | undefined {
  const extra = allowedHosts.map(hostnameOf).filter((h): h is string => h !== undefined);
  if (!isLoopbackHost(bindHost) && extra.length === 0) return undefined;
  const names = new Set([...LOCALHOST_NAMES, ...extra]);
  const bind = hostnameOf(bindHost);
  if (bind && isLoopbackHost(bindHost)) names.add(bind);
  return names;
}

export type HeaderCheck = { ok: true } | { ok: false; message: string };

/** DNS-rebinding protection: the Host header (port ignored) and, when sent, the Origin must name an accepted host. */
export function checkHostAndOrigin(hostHeader: string | undefined, originHeader: string | undefined, accepted: ReadonlySet<string> | undefined): HeaderCheck {
  if (!accepted) return { ok: true };
  if (!hostHeader) return { ok: false, message: 'Missing Host header' };
  const host = hostnameOf(hostHeader);
  if (!host || !accepted.has(host)) return { ok: false, message: `Host not allowed: ${hostHeader.slice(0, 200)}` };
  if (originHeader !== undefined) {
    let origin: string | undefined;
    try {
      const url = new URL(originHeader);
      origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.toLowerCase() : undefined;
    } catch {
      origin = undefined;
    }
    if (!origin || !accepted.has(origin)) return { ok: false, message: `Origin not allowed: ${originHeader.slice(0, 200)}` };
  }
  return { ok: true };
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * A checker for `Authorization: Bearer <token>`. Both sides are hashed first, so the comparison takes the
 * same time whatever the length or content of the guess.
 */
export function bearerChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = sha256(token);
  return (authorization) => {
    const m = /^Bearer[ \t]+(\S.*?)[ \t]*$/i.exec(authorization ?? '');
    const given = sha256(m?.[1] ?? '');
    return timingSafeEqual(given, expected) && m !== null;
  };
}

/** Refuse (UsageError, exit code 2) to serve on an address other machines can reach without a token. */
export function assertSafeBinding(http: { host: string; token?: string | undefined }): void {
  if (isLoopbackHost(http.host)) return;
  if (http.token !== undefined && http.token !== '') return;
  throw new UsageError(
    `refusing to listen on ${http.host} without a token: any machine that can reach this address could read the whole catalog and call every tool. ` +
      'Give a secret with --token T (or AGENT_CATALOG_TOKEN=T) so clients must send "Authorization: Bearer T", ' +
      'or bind to 127.0.0.1 (the default) and put an authenticating reverse proxy in front.',
  );
}
