// A bot message with options: its body is the question with the options numbered (what the agent
// sees, and what a channel without buttons shows); meta.choices (api/bot.ts) is what a channel
// with buttons renders. The subscriber's pick comes back as a text with meta.replyId.
import { BotChoicesShape, BotOptionShape, type BotChoices } from '../../api/bot.js';

/** The shape of an option's id: what a channel may bring back as meta.replyId. */
export const ReplyIdShape = BotOptionShape.shape.id;

/** The options a message carries, or null for any other message (or choices not well formed). */
export function choicesOf(meta: unknown): BotChoices | null {
  if (!meta || typeof meta !== 'object' || !('choices' in meta)) return null;
  const parsed = BotChoicesShape.safeParse(meta.choices);
  return parsed.success ? parsed.data : null;
}
