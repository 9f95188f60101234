// What a message carries beyond its text, read from its meta for the API: the message it answers
// (a quote), the contact's reaction to it, a shared place or contacts, the ad it came from. The
// channels write these keys in one form (channels/*/inbound), whatever their own payloads say; what
// does not read is left out rather than shown wrong.
import { z } from 'zod';
import { QuoteShape, type MessageShape } from '../../api/shapes.js';

type View = z.infer<typeof MessageShape>;
export type Quote = z.infer<typeof QuoteShape>;

/** Meta keys, as stored. */
export interface Meaning {
  /** The quoted message, as it was when quoted (desk/quote-message.ts). */
  quote?: Quote;
  /** The contact's newest reaction to this message (desk/react-to-message.ts). */
  contactReaction?: string;
  location?: { latitude: number; longitude: number; name: string | null; address: string | null };
  sharedContacts?: { name: string; phones: string[] }[];
  referral?: { headline: string | null; body: string | null; sourceUrl: string | null; sourceType: string | null };
}

const Location = z.object({ latitude: z.number(), longitude: z.number(), name: z.string().nullable(), address: z.string().nullable() });
const SharedContacts = z.array(z.object({ name: z.string(), phones: z.array(z.string()) })).min(1);
const Referral = z.object({ headline: z.string().nullable(), body: z.string().nullable(), sourceUrl: z.string().nullable(), sourceType: z.string().nullable() });

const read = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
  if (value === undefined) return null;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

export function meaningOf(meta: unknown): Pick<View, 'quote' | 'reaction' | 'location' | 'sharedContacts' | 'referral'> {
  const m = (meta ?? {}) as Record<string, unknown>;
  return {
    quote: read(QuoteShape, m.quote),
    reaction: typeof m.contactReaction === 'string' && m.contactReaction !== '' ? m.contactReaction : null,
    location: read(Location, m.location),
    sharedContacts: read(SharedContacts, m.sharedContacts),
    referral: read(Referral, m.referral),
  };
}
