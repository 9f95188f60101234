// What the web-chat widget reads from /webchat/...: defined once, for the server's answers and the
// widget's types.
import { z } from 'zod';
import { BotChoicesShape } from './bot.js';
import { FileShape, QuoteShape } from './shapes.js';

export const WidgetConfigShape = z.object({ providerName: z.string(), title: z.string(), greeting: z.string(), color: z.string() });

/** A file as the agents' view has it; its url is fetched with the visitor's token (a header). */
export const VisitorFileShape = FileShape;

export const VisitorMessageShape = z.object({
  id: z.number(),
  direction: z.enum(['in', 'out']),
  authorKind: z.enum(['contact', 'agent', 'bot', 'system']),
  type: z.enum(['text', 'image', 'video', 'audio', 'file', 'location', 'template', 'note']),
  body: z.string().nullable(),
  file: VisitorFileShape.nullable(),
  /** Of a reply: sent, then delivered and read as the widget shows it; null for the visitor's own. */
  status: z.enum(['sent', 'delivered', 'read']).nullable(),
  /** Of a bot's question: the options the widget shows as buttons (the body lists them too). */
  choices: BotChoicesShape.nullable(),
  /** The message this one answers (an agent's "Responder"); the desk's names are not the visitor's to see. */
  quote: QuoteShape.nullable(),
  createdAt: z.string(),
});

export type WidgetConfig = z.infer<typeof WidgetConfigShape>;
export type VisitorFile = z.infer<typeof VisitorFileShape>;
export type VisitorMessage = z.infer<typeof VisitorMessageShape>;
