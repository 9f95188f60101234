// A text longer than its channel takes in one message goes as several, in order, instead of being
// refused. The stored message keeps the first part's id as its providerMessageId (its statuses are
// the message's); every part's id is kept in meta.parts, which is also how a retried delivery knows
// which parts already went and sends only the rest.
import type { OutgoingMessage } from './channel.js';
import { partsSentOf } from '../desk/records.js';

/**
 * Cuts `text` into parts of at most `limit` characters (UTF-16 units, as both APIs count), at the
 * last line break, or else the last space, in the final fifth of the limit; mid-word only when
 * there is neither. The break itself is dropped; a surrogate pair is never cut.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const near = Math.floor(limit * 0.8);
    let cut = window.lastIndexOf('\n');
    if (cut < near) cut = window.lastIndexOf(' ');
    let skip = 1;
    if (cut < near) {
      cut = limit;
      skip = 0;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut + skip);
  }
  if (rest.trim()) parts.push(rest);
  return parts;
}

/**
 * Sends each part in turn, skipping those an earlier attempt sent, recording each as it goes (when
 * there is more than one); answers the first part's id.
 */
export async function sendParts(outgoing: Pick<OutgoingMessage, 'message' | 'partSent'>, sends: (() => Promise<string>)[]): Promise<{ providerMessageId: string }> {
  const ids = partsSentOf(outgoing.message.meta).slice(0, sends.length);
  for (let i = ids.length; i < sends.length; i++) {
    const id = await sends[i]();
    ids.push(id);
    if (sends.length > 1) await outgoing.partSent?.(id);
  }
  return { providerMessageId: ids[0] };
}
