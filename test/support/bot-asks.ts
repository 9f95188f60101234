// A bot message with options, stored as the bot engine stores one (server/bot/): a pending text
// whose body is choicesText and whose meta carries the choices, queued for its channel.
import { choicesText, type BotChoices } from '../../api/bot.js';
import { lockConversation, queueOutbound } from '../../server/desk/records.js';
import { inTransaction } from '../../server/desk/unit-of-work.js';
import type { ProviderScope } from '../../server/tenancy/scope.js';

export function botAsks(scope: ProviderScope, conversationId: number, choices: BotChoices) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, conversationId);
    return queueOutbound(tx, scope, emit, {
      conversation, authorKind: 'bot', authorUserId: null, type: 'text', body: choicesText(choices), meta: { choices },
    });
  });
}

/** The options of the default menu, and others to reach each channel's limits. */
export const options = (...titles: string[]) => titles.map((title, i) => ({ id: `opcao-${i + 1}`, title }));
