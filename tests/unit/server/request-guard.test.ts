import { describe, expect, it } from 'vitest';
import {
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackAddress,
} from '../../../main/server/request-guard';

describe('isLoopbackAddress', () => {
  it('knows the loopback names and addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackAddress(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.com', '128.0.0.1'])
      expect(isLoopbackAddress(host), host).toBe(false);
  });
});

describe('isAllowedHost', () => {
  const loopback = { loopbackOnly: true, port: 8000 };

  it('accepts only loopback names with the right port when bound to loopback', () => {
    for (const host of ['127.0.0.1:8000', 'localhost:8000', 'LOCALHOST:8000', '[::1]:8000']) {
      expect(isAllowedHost(host, loopback), host).toBe(true);
    }
    for (const host of [
      undefined,
      '',
      'evil.example:8000',
      'evil.example',
      '127.0.0.1:8001',
      '127.0.0.1',
      'localhost.:8000',
      'a@127.0.0.1:8000',
      '127.0.0.1:8000/x',
    ]) {
      expect(isAllowedHost(host, loopback), String(host)).toBe(false);
    }
  });

  it('accepts any well-formed Host when told to listen beyond loopback', () => {
    expect(isAllowedHost('bench.lan:8000', { loopbackOnly: false, port: 8000 })).toBe(true);
    expect(isAllowedHost('bad host', { loopbackOnly: false, port: 8000 })).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it('accepts no Origin (non-browser clients) and the same host and port', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:8000')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8000', '127.0.0.1:8000')).toBe(true);
    expect(isAllowedOrigin('http://LOCALHOST:8000', 'localhost:8000')).toBe(true);
    expect(isAllowedOrigin('http://localhost', 'localhost:80')).toBe(true);
  });

  it('refuses other sites, other ports, opaque and non-web origins', () => {
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1:8001',
      'http://localhost:8000',
      'null',
      'file://',
      'chrome-extension://abc',
      'garbage',
    ]) {
      expect(isAllowedOrigin(origin, '127.0.0.1:8000'), origin).toBe(false);
    }
    expect(isAllowedOrigin('http://127.0.0.1:8000', undefined)).toBe(false);
  });
});
