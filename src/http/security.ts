/**
 * Safety checks for the HTTP team server: which Host/Origin names are accepted (DNS-rebinding protection),
 * the bearer token (compared in constant time), and the rule that a server reachable from other machines
 * must have a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { domainToASCII } from 'node:url';
import { UsageError } from '../shared/errors.js';

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

/** Longest Host value (or --allowed-host entry) looked at; longer ones are refused unread. */
const MAX_HOST_CHARS = 300;

/**
 * The hostname part of a Host header value or an --allowed-host entry ("example.com", "example.com:8080",
 * "::1", "[::1]:3333"), lower-cased, IPv6 in brackets; undefined if it is not a plain host name.
 *
 * The name is taken as written, never normalised the way a URL parser would: "127.0.0.1." (trailing dot),
 * "2130706433", "0x7f.1" or "127.1" stay distinct names, so they only match an accepted name spelled the
 * same way. Accepting them would widen the set of Host values that DNS-rebinding protection lets through
 * for no client's benefit (browsers and MCP clients send the name of the URL they were given).
 */
export function hostnameOf(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || v.length > MAX_HOST_CHARS) return undefined;
  if (net.isIPv6(v)) return `[${v.toLowerCase()}]`;
  if (v.startsWith('[')) {
    const close = v.indexOf(']');
    if (close < 0 || !net.isIPv6(v.slice(1, close)) || !isPort(v.slice(close + 1))) return undefined;
    return v.slice(0, close + 1).toLowerCase();
  }
  const colon = v.indexOf(':');
  const name = colon < 0 ? v : v.slice(0, colon);
  if (colon >= 0 && !isPort(v.slice(colon))) return undefined;
  const ascii = /^[\x21-\x7e]*$/.test(name) ? name : domainToASCII(name);
  if (!/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/.test(ascii)) return undefined;
  return ascii.toLowerCase();
}

/** "" or ":" followed by up to 5 digits (the port part of a Host value, as the URL standard allows). */
function isPort(rest: string): boolean {
  if (rest === '') return true;
  if (rest[0] !== ':' || rest.length > 6) return false;
  for (let i = 1; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The hostname of an Origin header ("http://localhost:5173"); undefined for "null", other schemes or a malformed value. */
function originHostname(origin: string): string | undefined {
  const lower = origin.slice(0, 8).toLowerCase();
  const start = lower.startsWith('http://') ? 7 : lower.startsWith('https://') ? 8 : -1;
  if (start < 0) return undefined;
  const slash = origin.indexOf('/', start);
  // An Origin has no path; tolerate a lone trailing slash.
  if (slash >= 0 && slash !== origin.length - 1) return undefined;
  return hostnameOf(origin.slice(start, slash >= 0 ? slash : origin.length));
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
    const origin = originHostname(originHeader);
    if (!origin || !accepted.has(origin)) return { ok: false, message: `Origin not allowed: ${originHeader.slice(0, 200)}` };
  }
  return { ok: true };
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Longest Authorization header looked at; longer ones are refused unread (tokens are a few dozen characters). */
export const MAX_AUTHORIZATION_CHARS = 4096;

/**
 * The token of `Authorization: Bearer <token>` (scheme case-insensitive, spaces or tabs around the token),
 * or undefined. One pass over the characters: this runs before authentication, on whatever a client sends,
 * so it must cost the same per character whatever the header holds.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_AUTHORIZATION_CHARS || header.length < 8) return undefined;
  if (header.slice(0, 6).toLowerCase() !== 'bearer') return undefined;
  const blank = (i: number): boolean => header[i] === ' ' || header[i] === '\t';
  if (!blank(6)) return undefined;
  let start = 7;
  while (start < header.length && blank(start)) start++;
  let end = header.length;
  while (end > start && blank(end - 1)) end--;
  if (end <= start) return undefined;
  const token = header.slice(start, end);
  // Header values never hold line breaks or other control characters (Node refuses them); be sure anyway.
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return undefined;
  }
  return token;
}

/**
 * A checker for `Authorization: Bearer <token>`. Both sides are hashed first, so the comparison takes the
 * same time whatever the length or content of the guess.
 */
export function bearerChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = sha256(token);
  return (authorization) => {
    const given = bearerToken(authorization);
    return timingSafeEqual(sha256(given ?? ''), expected) && given !== undefined;
  };
}

/**
 * Why a --token / AGENT_CATALOG_TOKEN value cannot be used, or undefined when it can. A blank token, or one
 * with spaces or tabs at either end, could never be sent back (clients and the Bearer syntax drop them), so
 * the server would start and refuse everyone.
 */
export function tokenProblem(token: string): string | undefined {
  if (token.trim() === '') return 'the token is empty or blank';
  if (token !== token.trim()) return 'the token starts or ends with whitespace, which no client can send back';
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return 'the token holds a control character, which cannot travel in an HTTP header';
  }
  if (token.length > MAX_AUTHORIZATION_CHARS - 7) return `the token is longer than ${MAX_AUTHORIZATION_CHARS - 7} characters`;
  return undefined;
}

/** Refuse (UsageError, exit code 2) an unusable token, and serving on an address other machines can reach without a token. */
export function assertSafeBinding(http: { host: string; token?: string | undefined }): void {
  if (http.token !== undefined) {
    const problem = tokenProblem(http.token);
    if (problem) throw new UsageError(`unusable --token (or AGENT_CATALOG_TOKEN): ${problem}. Give a secret such as the output of "openssl rand -hex 32".`);
  }
  if (isLoopbackHost(http.host)) return;
  if (http.token !== undefined && http.token !== '') return;
  throw new UsageError(
    `refusing to listen on ${http.host} without a token: any machine that can reach this address could read the whole catalog and call every tool. ` +
      'Give a secret with --token T (or AGENT_CATALOG_TOKEN=T) so clients must send "Authorization: Bearer T", ' +
      'or bind to 127.0.0.1 (the default) and put an authenticating reverse proxy in front.',
  );
}
