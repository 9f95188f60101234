// The emoji picker (frimousse), with Portuguese names and search. Its data (emojibase) is served
// by Prosa itself at /emojibase: nothing loads from a CDN.
import { EmojiPicker } from 'frimousse';
import { t } from '../i18n';

export function EmojiPanel({ onPick, onClose }: { onPick(emoji: string): void; onClose(): void }) {
  return (
    <div className="emoji-panel" role="dialog" aria-label={t('composer.emojis')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <EmojiPicker.Root locale="pt" emojibaseUrl="/emojibase" columns={9} onEmojiSelect={({ emoji }) => onPick(emoji)} className="emoji-root">
        <div className="emoji-top">
          <EmojiPicker.Search placeholder={t('composer.emojiSearch')} aria-label={t('composer.emojiSearch')} autoFocus className="emoji-search" />
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>×</button>
        </div>
        <EmojiPicker.Viewport className="emoji-viewport">
          <EmojiPicker.Loading className="muted pad">{t('composer.emojiLoading')}</EmojiPicker.Loading>
          <EmojiPicker.Empty className="muted pad">{t('composer.emojiEmpty')}</EmojiPicker.Empty>
          <EmojiPicker.List
            className="emoji-list"
            components={{
              CategoryHeader: ({ category, ...props }) => <div className="emoji-category" {...props}>{category.label}</div>,
              Emoji: ({ emoji, ...props }) => <button className="emoji" {...props} aria-label={emoji.label}>{emoji.emoji}</button>,
            }}
          />
        </EmojiPicker.Viewport>
      </EmojiPicker.Root>
    </div>
  );
}
