import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.js';
import { createHarness } from '../../test/support/harness.js';

// Two apps on one database each: one trusting nobody (the default), one trusting a proxy at 10.0.0.1.
const direct = await createHarness();
const proxied = await createHarness({ env: { TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' } });

const guess = (app: FastifyInstance, i: number, from: { peer: string; forwarded?: string }) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: from.peer,
    headers: from.forwarded ? { 'x-forwarded-for': from.forwarded } : {},
    payload: { email: 'alvo@forca-bruta.test', password: `chute-${i}` },
  });

describe('the login limit and the client address', () => {
  it('holds against a spoofed X-Forwarded-For when no proxy is trusted', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await guess(direct.app, i, { peer: '203.0.113.7', forwarded: `198.51.100.${i}` })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await guess(proxied.app, i, { peer: '203.0.113.8', forwarded: `198.51.100.${i}` })).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });

  it('keys on the forwarded address when the peer is a configured proxy', async () => {
    // One client behind the proxy exhausts its own limit...
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await guess(proxied.app, i, { peer: '10.0.0.1', forwarded: '198.51.100.50' })).statusCode);
    expect(statuses.at(-1)).toBe(429);
    // ...while another client behind the same proxy (and through a second trusted hop) still may try.
    expect((await guess(proxied.app, 99, { peer: '10.0.0.1', forwarded: '198.51.100.51' })).statusCode).toBe(401);
    expect((await guess(proxied.app, 98, { peer: '10.0.0.1', forwarded: '198.51.100.52, 192.168.4.4' })).statusCode).toBe(401);
    // A client that writes its own X-Forwarded-For through the proxy is known by the address the proxy saw.
    expect((await guess(proxied.app, 97, { peer: '10.0.0.1', forwarded: '1.2.3.4, 198.51.100.50' })).statusCode).toBe(429);
  });
});

describe('TRUST_PROXY', () => {
  it('accepts nobody (unset), a hop count or addresses and CIDRs, and refuses true', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1,loopback' }).TRUST_PROXY).toEqual(['10.0.0.1', '172.16.0.0/12', '::1', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY/);
  });
});

describe('TRUST_PROXY as a hop count', async () => {
  const oneHop = await createHarness({ env: { TRUST_PROXY: '1' } });
  it('takes the address the one proxy in front saw, not what the client wrote before it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await guess(oneHop.app, i, { peer: '10.9.9.9', forwarded: `198.51.100.${i}, 198.51.100.200` })).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });
});
