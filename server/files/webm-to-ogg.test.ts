// A voice message recorded by Chromium (Opus in WebM, the fixture) moved into Ogg as RFC 7845 lays
// it out: the same Opus packets, headers first, pages with valid checksums and granule positions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileTypeFromBuffer } from 'file-type';
import { isWebm, samplesOf, webmOpusToOgg } from './webm-to-ogg.js';

const webm = readFileSync(new URL('./fixtures/voice.webm', import.meta.url));

interface Page { flags: number; granule: bigint; sequence: number; packets: Buffer[]; crcOk: boolean }

/** Reads Ogg pages back, checking each page's CRC (polynomial 0x04c11db7, as libogg). */
function readPages(ogg: Buffer): Page[] {
  const pages: Page[] = [];
  let pos = 0;
  let partial: Buffer[] = [];
  while (pos < ogg.length) {
    expect(ogg.subarray(pos, pos + 4).toString('latin1')).toBe('OggS');
    const count = ogg[pos + 26];
    const lacing = [...ogg.subarray(pos + 27, pos + 27 + count)];
    const length = 27 + count + lacing.reduce((a, b) => a + b, 0);
    const page = Buffer.from(ogg.subarray(pos, pos + length));
    const crc = page.readUInt32LE(22);
    page.writeUInt32LE(0, 22);
    let check = 0;
    for (const byte of page) {
      check ^= byte << 24;
      for (let i = 0; i < 8; i++) check = check & 0x80000000 ? (check << 1) ^ 0x04c11db7 : check << 1;
      check >>>= 0;
    }
    const packets: Buffer[] = [];
    let data = pos + 27 + count;
    for (const size of lacing) {
      partial.push(ogg.subarray(data, data + size));
      data += size;
      if (size < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    pages.push({ flags: ogg[pos + 5], granule: ogg.readBigUInt64LE(pos + 6), sequence: ogg.readUInt32LE(pos + 18), packets, crcOk: crc === check });
    pos += length;
  }
  return pages;
}

describe('moving a browser recording from WebM to Ogg', () => {
  it('writes OpusHead, OpusTags and the audio in pages whose checksums hold', async () => {
    expect(isWebm(webm)).toBe(true);
    const ogg = webmOpusToOgg(webm);
    expect(await fileTypeFromBuffer(ogg)).toEqual({ ext: 'opus', mime: 'audio/ogg; codecs=opus' });
    const pages = readPages(ogg);
    expect(pages.every((p) => p.crcOk)).toBe(true);
    expect(pages.map((p) => p.sequence)).toEqual(pages.map((_, i) => i));
    expect(pages[0]).toMatchObject({ flags: 0x02, granule: 0n });
    expect(pages[0].packets[0].subarray(0, 8).toString()).toBe('OpusHead');
    expect(pages[1].packets[0].subarray(0, 8).toString()).toBe('OpusTags');
    expect(pages.at(-1)!.flags).toBe(0x04);
    // 1.2 s recorded: the last granule position counts its samples at 48 kHz.
    const audio = pages.slice(2).flatMap((p) => p.packets);
    const samples = audio.reduce((sum, packet) => sum + samplesOf(packet), 0);
    expect(BigInt(samples)).toBe(pages.at(-1)!.granule);
    expect(samples / 48_000).toBeCloseTo(1.2, 1);
    // The Opus packets themselves are untouched: the same bytes, in the same order.
    expect(webm.includes(audio[10])).toBe(true);
  });

  it('refuses what is not Opus in WebM', () => {
    expect(() => webmOpusToOgg(Buffer.from('OggS not a webm'))).toThrow();
    expect(isWebm(Buffer.from('OggS'))).toBe(false);
  });
});
