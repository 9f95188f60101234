// Above the composer while the agent answers one message ("Responder"): whose message, the start of
// its text, and a way to give up answering it.
import { useUsers } from '../api/queries';
import type { Message } from '../api/types';
import { t } from '../i18n';
import { quoteAuthor, quoteExcerpt } from './message-meaning';

export function ReplyPreview({ message, contactName, onCancel }: { message: Message; contactName: string; onCancel(): void }) {
  const users = useUsers();
  const authorName = message.authorUserId ? users.data?.find((u) => u.id === message.authorUserId)?.name ?? null : null;
  const author = quoteAuthor({ authorKind: message.authorKind, authorName }, contactName);
  const excerpt = quoteExcerpt({ excerpt: message.body?.trim() ? message.body.slice(0, 140) : null, type: message.type });
  return (
    <div className="reply-preview" role="group" aria-label={t('composer.replyingTo', { author })}>
      <blockquote className="quote">
        <strong>{t('composer.replyingTo', { author })}</strong>
        <span>{excerpt}</span>
      </blockquote>
      <button type="button" className="icon-button" aria-label={t('composer.cancelReply')} title={t('composer.cancelReply')} onClick={onCancel}>✕</button>
    </div>
  );
}
