// The emoji picker (frimousse), with Portuguese names and search. Its data (emojibase) is served
// by Prosa itself at /emojibase: nothing loads from a CDN.
import { useEffect, useRef } from 'react';
import { EmojiPicker, type EmojiPickerListEmojiProps, type EmojiPickerListRowProps } from 'frimousse';
import { t } from '../i18n';

/** When the agent last moved through the emojis with the keyboard. */
let keyboardAt = 0;

// frimousse counts its grid's rows and columns from 0; ARIA counts them from 1 (axe: invalid value).
// Its own keyboard scrolling looks rows up by its count and so lands a row early: the active emoji
// brings itself into view.
function Row({ children, ...props }: EmojiPickerListRowProps) {
  const index = (props as { 'aria-rowindex'?: number })['aria-rowindex'];
  return <div {...props} aria-rowindex={index === undefined ? undefined : Number(index) + 1}>{children}</div>;
}

function Emoji({ emoji, ...props }: EmojiPickerListEmojiProps) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (emoji.isActive && Date.now() - keyboardAt < 1000) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [emoji.isActive]);
  const column = Number((props as { 'aria-colindex'?: number })['aria-colindex'] ?? 0);
  return <button ref={ref} className="emoji" {...props} aria-colindex={column + 1} aria-label={emoji.label}>{emoji.emoji}</button>;
}

export function EmojiPanel({ onPick, onClose }: { onPick(emoji: string): void; onClose(): void }) {
  return (
    <div className="emoji-panel" role="dialog" aria-label={t('composer.emojis')} onKeyDown={(e) => { keyboardAt = Date.now(); if (e.key === 'Escape') onClose(); }}>
      <EmojiPicker.Root locale="pt" emojibaseUrl="/emojibase" columns={9} onEmojiSelect={({ emoji }) => onPick(emoji)} className="emoji-root">
        <div className="emoji-top">
          <EmojiPicker.Search placeholder={t('composer.emojiSearch')} aria-label={t('composer.emojiSearch')} autoFocus className="emoji-search" />
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>×</button>
        </div>
        {/* Scrollable, so reachable with the keyboard (Tab, then the arrows) as well. */}
        <EmojiPicker.Viewport className="emoji-viewport" tabIndex={0}>
          <EmojiPicker.Loading className="muted pad">{t('composer.emojiLoading')}</EmojiPicker.Loading>
          <EmojiPicker.Empty className="muted pad">{t('composer.emojiEmpty')}</EmojiPicker.Empty>
          <EmojiPicker.List
            className="emoji-list"
            components={{
              CategoryHeader: ({ category, ...props }) => <div className="emoji-category" {...props}>{category.label}</div>,
              Row,
              Emoji,
            }}
          />
        </EmojiPicker.Viewport>
      </EmojiPicker.Root>
    </div>
  );
}
