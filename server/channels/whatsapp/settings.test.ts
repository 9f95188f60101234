import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { DEFAULT_API_VERSION, readSettings } from './settings.js';

const channel = (config: object) => ({
  id: 'wa-1',
  config: { phoneNumberId: '106540352242922', verifyToken: 'verifica', ...config },
  secrets: { appSecret: 'segredo', accessToken: 'token' },
});

describe("the Graph API version a WhatsApp channel calls", () => {
  it("is the channel's own when it names one, else the server's, else Prosa's default", () => {
    expect(readSettings(channel({ apiVersion: 'v25.0' }), 'v26.0').apiVersion).toBe('v25.0');
    expect(readSettings(channel({}), 'v26.0').apiVersion).toBe('v26.0');
    expect(readSettings(channel({})).apiVersion).toBe(DEFAULT_API_VERSION);
    expect(DEFAULT_API_VERSION).toBe('v27.0');
  });

  it('refuses a version that does not look like Meta\'s, in the channel and in WHATSAPP_API_VERSION', () => {
    expect(() => readSettings(channel({ apiVersion: '27' }))).toThrow('apiVersion');
    expect(loadConfig({}).WHATSAPP_API_VERSION).toBe(DEFAULT_API_VERSION);
    expect(loadConfig({ WHATSAPP_API_VERSION: 'v26.0' }).WHATSAPP_API_VERSION).toBe('v26.0');
    expect(() => loadConfig({ WHATSAPP_API_VERSION: 'latest' })).toThrow('WHATSAPP_API_VERSION: must look like v27.0');
  });
});
