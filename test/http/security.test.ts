import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/shared/errors.js';
import { acceptedHostnames, assertSafeBinding, bearerChecker, checkHostAndOrigin, hostnameOf, isLoopbackHost } from '../../src/http/security.js';

describe('HTTP safety checks', () => {
  it('knows loopback bind addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.10', 'example.com', '']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('reads hostnames from Host headers and --allowed-host entries, ports ignored', () => {
    expect(hostnameOf('127.0.0.1:3333')).toBe('127.0.0.1');
    expect(hostnameOf('[::1]:3333')).toBe('[::1]');
    expect(hostnameOf('::1')).toBe('[::1]');
    expect(hostnameOf('Catalog.Example.COM')).toBe('catalog.example.com');
    expect(hostnameOf('')).toBeUndefined();
    expect(hostnameOf('a b')).toBeUndefined();
  });

  it('accepts the localhost names on loopback, extended by --allowed-host; unchecked elsewhere unless names are given', () => {
    expect([...(acceptedHostnames('127.0.0.1', []) ?? [])].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    expect(acceptedHostnames('127.0.0.1', ['mcp.internal:443'])?.has('mcp.internal')).toBe(true);
    expect(acceptedHostnames('0.0.0.0', [])).toBeUndefined();
    expect(acceptedHostnames('0.0.0.0', ['mcp.internal'])?.has('mcp.internal')).toBe(true);
  });

  it('checks Host and Origin (DNS-rebinding protection)', () => {
    const ok = acceptedHostnames('127.0.0.1', []);
    expect(checkHostAndOrigin('127.0.0.1:3333', undefined, ok).ok).toBe(true);
    expect(checkHostAndOrigin('localhost:3333', 'http://localhost:5173', ok).ok).toBe(true);
    expect(checkHostAndOrigin('evil.example.com', undefined, ok).ok).toBe(false);
    expect(checkHostAndOrigin('127.0.0.1:3333', 'http://evil.example.com', ok).ok).toBe(false);
    expect(checkHostAndOrigin('127.0.0.1:3333', 'null', ok).ok).toBe(false);
    expect(checkHostAndOrigin(undefined, undefined, ok).ok).toBe(false);
    expect(checkHostAndOrigin('anything', 'http://anything', undefined).ok).toBe(true);
  });

  it('accepts exactly "Bearer <token>"', () => {
    const check = bearerChecker('s3cret-token');
    expect(check('Bearer s3cret-token')).toBe(true);
    expect(check('bearer   s3cret-token')).toBe(true);
    expect(check('Bearer s3cret-tokeN')).toBe(false);
    expect(check('Bearer s3cret-token-longer')).toBe(false);
    expect(check('Basic s3cret-token')).toBe(false);
    expect(check('s3cret-token')).toBe(false);
    expect(check('Bearer ')).toBe(false);
    expect(check(undefined)).toBe(false);
  });

  it('refuses a non-loopback bind without a token, with the reason', () => {
    expect(() => assertSafeBinding({ host: '127.0.0.1' })).not.toThrow();
    expect(() => assertSafeBinding({ host: '0.0.0.0', token: 't' })).not.toThrow();
    expect(() => assertSafeBinding({ host: '0.0.0.0' })).toThrow(UsageError);
    expect(() => assertSafeBinding({ host: '::', token: '' })).toThrow(/--token/);
  });
});
