// An agent's voice message recorded in Chromium is Opus in a WebM container; WhatsApp takes Opus
// only in Ogg. The audio is not touched: its Opus packets are moved from one container to the
// other (WebM/Matroska blocks -> Ogg pages, RFC 7845), in memory, without ffmpeg.

const ID = {
  segment: 0x18538067,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  codecDelay: 0x56aa,
  audio: 0xe1,
  channels: 0x9f,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  block: 0xa1,
  simpleBlock: 0xa3,
};
/** Containers read inline (Chromium writes Segment and Cluster with an unknown size). */
const DESCEND = new Set([ID.segment, ID.tracks, ID.trackEntry, ID.audio, ID.cluster, ID.blockGroup]);

export function isWebm(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes.readUInt32BE(0) === 0x1a45dfa3;
}

/** Opus-in-WebM to Opus-in-Ogg; throws when the file is not that. */
export function webmOpusToOgg(webm: Buffer): Buffer {
  const tracks: { number?: number; codec?: string; head?: Buffer; delayNs?: number; channels?: number }[] = [];
  const blocks: { track: number; frames: Buffer[] }[] = [];

  let pos = 0;
  while (pos < webm.length) {
    const id = readId(webm, pos);
    const size = readSize(webm, pos + id.length);
    const start = pos + id.length + size.length;
    if (DESCEND.has(id.value)) {
      if (id.value === ID.trackEntry) tracks.push({});
      pos = start;
      continue;
    }
    if (size.value === null) throw new Error('WebM com elemento de tamanho desconhecido');
    const end = start + size.value;
    if (end > webm.length) break; // a recording cut short: keep what is whole
    const data = webm.subarray(start, end);
    const track = tracks[tracks.length - 1];
    switch (id.value) {
      case ID.trackNumber: if (track) track.number = readUint(data); break;
      case ID.codecId: if (track) track.codec = data.toString('latin1'); break;
      case ID.codecPrivate: if (track) track.head = Buffer.from(data); break;
      case ID.codecDelay: if (track) track.delayNs = readUint(data); break;
      case ID.channels: if (track) track.channels = readUint(data); break;
      case ID.simpleBlock:
      case ID.block: blocks.push(readBlock(data)); break;
    }
    pos = end;
  }

  const opus = tracks.find((t) => t.codec === 'A_OPUS');
  if (!opus || opus.number === undefined) throw new Error('o WebM não tem áudio Opus');
  const packets = blocks.filter((b) => b.track === opus.number).flatMap((b) => b.frames).filter((p) => p.length > 0);
  if (packets.length === 0) throw new Error('o WebM não tem áudio');
  const head = opus.head?.subarray(0, 8).toString('latin1') === 'OpusHead'
    ? opus.head
    : opusHead(opus.channels ?? 1, Math.round(((opus.delayNs ?? 0) * 48_000) / 1e9));
  return oggOpus(head, packets);
}

function oggOpus(head: Buffer, packets: Buffer[]): Buffer {
  const serial = 0x50726f73; // "Pros"
  const pages: Buffer[] = [];
  let sequence = 0;
  pages.push(oggPage([head], 0n, serial, sequence++, 0x02));
  const vendor = Buffer.from('Prosa');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  pages.push(oggPage([tags], 0n, serial, sequence++, 0));

  let granule = 0n;
  let page: Buffer[] = [];
  let segments = 0;
  packets.forEach((packet, i) => {
    const needs = Math.floor(packet.length / 255) + 1;
    if (segments + needs > 255 || page.length >= 50) {
      pages.push(oggPage(page, granule, serial, sequence++, 0));
      page = [];
      segments = 0;
    }
    page.push(packet);
    segments += needs;
    granule += BigInt(samplesOf(packet));
    if (i === packets.length - 1) pages.push(oggPage(page, granule, serial, sequence++, 0x04));
  });
  return Buffer.concat(pages);
}

function opusHead(channels: number, preSkip: number): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head.writeUInt8(1, 8);
  head.writeUInt8(channels, 9);
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  return head; // output gain 0, mapping family 0
}

function oggPage(packets: Buffer[], granule: bigint, serial: number, sequence: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const packet of packets) {
    for (let left = packet.length; ; left -= 255) {
      lacing.push(Math.min(left, 255));
      if (left < 255) break;
    }
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header.writeUInt8(0, 4);
  header.writeUInt8(flags, 5);
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header.writeUInt8(lacing.length, 26);
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** Samples at 48 kHz in one Opus packet (RFC 6716, 3.1: the TOC byte). */
export function samplesOf(packet: Buffer): number {
  const toc = packet[0];
  const config = toc >> 3;
  const ms = config < 12 ? [10, 20, 40, 60][config % 4] : config < 16 ? [10, 20][config % 2] : [2.5, 5, 10, 20][config % 4];
  const code = toc & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : (packet[1] ?? 0) & 0x3f;
  return Math.round(frames * ms * 48);
}

function readBlock(data: Buffer): { track: number; frames: Buffer[] } {
  const track = readSize(data, 0);
  let pos = track.length + 2; // the track, then a 16-bit relative timecode
  const flags = data[pos++];
  const lacing = (flags >> 1) & 3;
  if (lacing === 0) return { track: track.value ?? 0, frames: [data.subarray(pos)] };
  const count = data[pos++] + 1;
  const sizes: number[] = [];
  if (lacing === 1) {
    // Xiph lacing: each size as a run of 255s and a last byte.
    for (let i = 0; i < count - 1; i++) {
      let size = 0;
      let byte: number;
      do size += byte = data[pos++];
      while (byte === 255);
      sizes.push(size);
    }
  } else if (lacing === 3) {
    // EBML lacing: the first size, then signed differences.
    const first = readSize(data, pos);
    pos += first.length;
    sizes.push(first.value ?? 0);
    for (let i = 1; i < count - 1; i++) {
      const diff = readSize(data, pos);
      pos += diff.length;
      const bias = 2 ** (7 * diff.length - 1) - 1;
      sizes.push(sizes[i - 1] + (diff.value ?? 0) - bias);
    }
  }
  const rest = data.length - pos;
  if (lacing === 2) for (let i = 0; i < count - 1; i++) sizes.push(rest / count);
  sizes.push(rest - sizes.reduce((a, b) => a + b, 0));
  const frames: Buffer[] = [];
  for (const size of sizes) {
    frames.push(data.subarray(pos, pos + size));
    pos += size;
  }
  return { track: track.value ?? 0, frames };
}

function vintLength(first: number): number {
  for (let length = 1; length <= 8; length++) if (first & (0x80 >> (length - 1))) return length;
  throw new Error('WebM inválido');
}

/** An element id: its bytes, marker included. */
function readId(bytes: Buffer, pos: number): { value: number; length: number } {
  const length = vintLength(bytes[pos]);
  if (length > 4) throw new Error('WebM inválido');
  return { value: bytes.readUIntBE(pos, length), length };
}

/** A size: its bytes without the marker; all ones means unknown (`null`). */
function readSize(bytes: Buffer, pos: number): { value: number | null; length: number } {
  const length = vintLength(bytes[pos]);
  let value = bytes[pos] & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[pos + i];
    allOnes &&= bytes[pos + i] === 0xff;
  }
  return { value: allOnes ? null : value, length };
}

function readUint(data: Buffer): number {
  let value = 0;
  for (const byte of data) value = value * 256 + byte;
  return value;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(page: Buffer): number {
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  return crc;
}
