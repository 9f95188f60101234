// The composer: Enter sends, Shift+Enter breaks the line; "/" opens the quick replies; a right
// click offers "Emojis" first; items 5–8 attach an image, a video, a file or an audio (also
// recorded here); an image pasted or a file dropped on the conversation opens the same preview. A quick reply with an attachment stages it above the text box, and Enviar sends it
// with the text as caption. Drafts are kept per conversation. On WhatsApp, once the contact's 24-hour
// window has closed, only an approved template may go: the composer offers those instead (notes still go).
import { useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import * as ContextMenu from '@radix-ui/react-context-menu';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/client';
import { keys, useQuickReplies } from '../api/queries';
import type { ConversationDetail, FileView, Message, QuickReply, RenderedQuickReply } from '../api/types';
import { errorText, formatSize, t } from '../i18n';
import { carriesCaption } from '../../../api/quick-replies';
import { AudioIcon, FileIcon, ImageIcon, MicIcon, VideoIcon } from '../ui/icons';
import { useToast } from '../ui/toast';
import { AttachmentDialog } from './attachment-dialog';
import { TemplateFields, templatesKey, type TemplateChoice, type TemplatesInfo } from './template-picker';
import { EmojiPanel } from './emoji-panel';
import { useRecorder } from './recorder';
import { useTyping } from './typing';
import { ReplyPreview } from './reply-preview';

const drafts = new Map<number, string>();
const draftKey = (id: number) => `prosa.draft.${id}`;
const readDraft = (id: number) => drafts.get(id) ?? sessionStorage.getItem(draftKey(id)) ?? '';
function saveDraft(id: number, text: string) {
  drafts.set(id, text);
  if (text) sessionStorage.setItem(draftKey(id), text);
  else sessionStorage.removeItem(draftKey(id));
}

/** A file dropped on the conversation, for the composer to offer as an attachment (a new object each drop). */
export interface Dropped { file: File }

/** `replyTo`: the message the agent answers ("Responder"): quoted above the box, sent with the reply, cancelled with ✕ or Esc. */
export function Composer({ conversation, canReply, dropped, replyTo = null, onReplyDone }: {
  conversation: ConversationDetail; canReply: boolean; dropped?: Dropped | null; replyTo?: Message | null; onReplyDone?: () => void;
}) {
  const [text, setText] = useState(() => readDraft(conversation.id));
  /** Why the last send failed, until the agent edits or sends again: the draft stays in the box. */
  const [sendError, setSendError] = useState<string | null>(null);
  const [note, setNote] = useState(!canReply);
  const [sending, setSending] = useState(false);
  const [emojis, setEmojis] = useState(false);
  const [pending, setPending] = useState<File | null>(null);
  /** A quick reply's attachment, to go with the text; notes carry none. */
  const [staged, setStaged] = useState<FileView | null>(null);
  const attachment = note ? null : staged;
  const [quickIndex, setQuickIndex] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const quickReplies = useQuickReplies();
  const recorder = useRecorder((file) => setPending(file));
  const [choice, setChoice] = useState<TemplateChoice>({ name: '', params: [] });

  const whatsapp = conversation.channel.kind === 'whatsapp';
  const windowInfo = useQuery({
    queryKey: templatesKey(conversation.id),
    queryFn: () => api.get<TemplatesInfo>(`/conversations/${conversation.id}/templates`),
    enabled: whatsapp && canReply,
  });
  const closesAt = windowInfo.data?.windowClosesAt;
  // The window closes by the clock, with no event to tell: look again when it does.
  useEffect(() => {
    const wait = closesAt ? new Date(closesAt).getTime() - Date.now() : -1;
    if (wait <= 0 || wait > 2 ** 31 - 1) return;
    const timer = setTimeout(() => windowInfo.refetch(), wait + 1000);
    return () => clearTimeout(timer);
  }, [closesAt, windowInfo]);
  const windowClosed = whatsapp && canReply && windowInfo.data?.windowOpen === false;
  const contactTyping = useTyping(conversation, note ? '' : text); // an internal note is not typing to the visitor

  useEffect(() => saveDraft(conversation.id, text), [conversation.id, text]);
  useEffect(() => {
    if (replyTo) {
      setNote(false);
      input.current?.focus();
    }
  }, [replyTo]);
  /** What a reply to the contact carries beside its content; a note answers nobody. */
  const quoting = replyTo && !note ? { replyToMessageId: replyTo.id } : {};
  useEffect(() => setNote(!canReply), [canReply]);

  const slash = text.startsWith('/') && !text.includes('\n') ? text.slice(1).toLowerCase() : null;
  const quickMatches = useMemo(
    () => (slash === null ? [] : (quickReplies.data ?? []).filter((q) => q.active && `${q.shortcut} ${q.title}`.toLowerCase().includes(slash)).slice(0, 8)),
    [slash, quickReplies.data],
  );
  useEffect(() => setQuickIndex(0), [slash]);

  const refresh = () => {
    queryClient.invalidateQueries({ queryKey: keys.messages(conversation.id) });
    queryClient.invalidateQueries({ queryKey: [...keys.conversations, 'list'] });
  };
  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'whatsapp_window_closed') windowInfo.refetch();
    setSendError(errorText(error));
  };

  const canAttach = canReply && !windowClosed;
  /** A pasted or dropped file goes where a chosen one does: the preview, then Enviar. */
  const offer = (file: File) => {
    if (canAttach) setPending(file);
    else toast(t(canReply ? 'composer.windowClosed' : 'conversation.assumeFirst'));
  };
  useEffect(() => {
    if (dropped) offer(dropped.file);
  }, [dropped]); // eslint-disable-line react-hooks/exhaustive-deps

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const file = event.clipboardData.files[0];
    if (!file) return;
    event.preventDefault();
    offer(file);
  };

  const sendTemplate = async (event: React.FormEvent) => {
    event.preventDefault();
    if (sending || !choice.name) return;
    setSending(true);
    setSendError(null);
    try {
      await api.post(`/conversations/${conversation.id}/messages`, { kind: 'template', templateName: choice.name, params: choice.params, ...quoting });
      setChoice({ name: choice.name, params: choice.params.map(() => '') });
      onReplyDone?.();
      refresh();
    } catch (error) {
      failed(error);
    } finally {
      setSending(false);
    }
  };

  const messagesUrl = `/conversations/${conversation.id}/messages`;
  /** The attachment with the text as caption, or followed by it when it cannot be one (audio, a long text). */
  const sendAttachment = async (file: FileView, body: string) => {
    const captioned = carriesCaption(file.kind, body);
    await api.post(messagesUrl, { kind: 'file', fileId: file.id, caption: captioned && body ? body : undefined, ...quoting });
    setStaged(null);
    if (!captioned && body) await api.post(messagesUrl, { kind: 'text', body });
  };

  const send = async () => {
    const body = text.trim();
    if ((!body && !attachment) || sending) return;
    setSending(true);
    setSendError(null);
    try {
      if (attachment) await sendAttachment(attachment, body);
      else await api.post(messagesUrl, { kind: note ? 'note' : 'text', body, ...quoting });
      setText('');
      if (!note) onReplyDone?.();
      refresh();
    } catch (error) {
      failed(error);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };

  const useQuickReply = async (reply: QuickReply) => {
    try {
      const rendered = await api.get<RenderedQuickReply>(`/conversations/${conversation.id}/quick-replies/${reply.id}`);
      setText(rendered.body);
      setStaged(rendered.file);
    } catch (error) {
      toast(errorText(error));
    }
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (quickMatches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const delta = event.key === 'ArrowDown' ? 1 : -1;
        setQuickIndex((i) => (i + delta + quickMatches.length) % quickMatches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        useQuickReply(quickMatches[quickIndex]);
        return;
      }
      if (event.key === 'Escape') {
        setText('');
        return;
      }
    }
    if (event.key === 'Escape' && replyTo) {
      event.preventDefault();
      onReplyDone?.();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const insert = (value: string) => {
    const el = input.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + value + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + value.length, start + value.length);
    });
  };

  const pick = (accept: string) => {
    const chooser = document.createElement('input');
    chooser.type = 'file';
    chooser.accept = accept;
    chooser.onchange = () => chooser.files?.[0] && setPending(chooser.files[0]);
    chooser.click();
  };

  return (
    <div className={note ? 'composer note-mode' : 'composer'}>
      {quickMatches.length > 0 && (
        <ul className="quick-list" role="listbox" aria-label={t('composer.quickReplies')} tabIndex={0}>
          {quickMatches.map((q, i) => (
            <li key={q.id} role="option" aria-selected={i === quickIndex} onMouseDown={(e) => { e.preventDefault(); useQuickReply(q); }}>
              <strong>/{q.shortcut}</strong> {q.title}
              <span className="muted small">{q.body.slice(0, 80)}</span>
            </li>
          ))}
        </ul>
      )}
      {slash !== null && quickMatches.length === 0 && <p className="quick-list muted small">{t('composer.quickRepliesEmpty')}</p>}
      {emojis && <EmojiPanel onPick={(emoji) => insert(emoji)} onClose={() => { setEmojis(false); input.current?.focus(); }} />}
      {contactTyping && <p className="muted small">{t('composer.contactTyping', { name: contactTyping })}</p>}
      <div className="composer-tools">
        <button type="button" className="icon-button" aria-label={t('composer.image')} title={t('composer.image')} disabled={!canAttach} onClick={() => pick('image/*')}><ImageIcon /></button>
        <button type="button" className="icon-button" aria-label={t('composer.video')} title={t('composer.video')} disabled={!canAttach} onClick={() => pick('video/*')}><VideoIcon /></button>
        <button type="button" className="icon-button" aria-label={t('composer.file')} title={t('composer.file')} disabled={!canAttach} onClick={() => pick('')}><FileIcon /></button>
        <button type="button" className="icon-button" aria-label={t('composer.audio')} title={t('composer.audio')} disabled={!canAttach} onClick={() => pick('audio/*')}><AudioIcon /></button>
        <button
          type="button"
          className={recorder.recording ? 'icon-button recording' : 'icon-button'}
          aria-label={recorder.recording ? t('composer.stopRecording') : t('composer.record')}
          title={recorder.recording ? t('composer.stopRecording') : t('composer.record')}
          aria-pressed={recorder.recording}
          disabled={!canAttach}
          onClick={() => (recorder.recording ? recorder.stop() : recorder.start().catch((e: Error) => toast(e.message)))}
        ><MicIcon /></button>
        {recorder.recording && <span className="recording-time" role="status">{t('composer.recording', { time: recorder.elapsed })}</span>}
        <label className="note-toggle" title={t('composer.noteHint')}>
          <input type="checkbox" checked={note} disabled={!canReply} onChange={(e) => setNote(e.target.checked)} />
          {t('composer.note')}
        </label>
        {!canReply && <span className="muted small">{t('conversation.assumeFirst')}</span>}
      </div>
      {windowClosed && !note ? (
        <form className="template-composer" onSubmit={sendTemplate}>
          <p className="banner" role="note">{t('composer.windowClosed')}</p>
          {windowInfo.data!.templates.length === 0 ? (
            <p className="muted small">{t('composer.noTemplates')}</p>
          ) : (
            <div className="composer-row">
              <TemplateFields templates={windowInfo.data!.templates} value={choice} onChange={setChoice} />
              <button type="submit" className="primary" disabled={sending || !choice.name}>{t('composer.send')}</button>
            </div>
          )}
        </form>
      ) : (
      <>
      {replyTo && !note && <ReplyPreview message={replyTo} contactName={conversation.contact.name} onCancel={() => { onReplyDone?.(); input.current?.focus(); }} />}
      {attachment && (
        <div className="attachment-chip" role="group" aria-label={t('composer.attachment', { name: attachment.filename })}>
          <FileIcon /> <span>{attachment.filename}</span> <span className="muted small">{formatSize(attachment.size)}</span>
          <button type="button" className="icon-button" aria-label={t('composer.removeAttachment')} title={t('composer.removeAttachment')} onClick={() => { setStaged(null); input.current?.focus(); }}>✕</button>
        </div>
      )}
      <div className="composer-row">
        <ContextMenu.Root modal={false}>
          <ContextMenu.Trigger asChild>
            <textarea
              ref={input}
              aria-label="Mensagem"
              placeholder={note ? t('composer.noteHint') : t('composer.placeholder')}
              value={text}
              rows={2}
              onChange={(e) => { setText(e.target.value); setSendError(null); }}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
              maxLength={16384}
            />
          </ContextMenu.Trigger>
          <ContextMenu.Portal>
            <ContextMenu.Content className="context-menu">
              <ContextMenu.Item className="menu-item" onSelect={() => setEmojis(true)}>{t('composer.emojis')}</ContextMenu.Item>
              <ContextMenu.Item className="menu-item" onSelect={() => { setText('/'); input.current?.focus(); }}>{t('composer.quickReplies')}</ContextMenu.Item>
            </ContextMenu.Content>
          </ContextMenu.Portal>
        </ContextMenu.Root>
        <button type="button" className="primary" onClick={send} disabled={(!text.trim() && !attachment) || sending}>{t('composer.send')}</button>
      </div>
      </>
      )}
      {sendError && <p role="alert" className="error small">{t('composer.sendFailed', { reason: sendError })}</p>}
      {pending && (
        <AttachmentDialog
          file={pending}
          conversationId={conversation.id}
          onClose={() => setPending(null)}
          onSent={() => { setPending(null); refresh(); }}
        />
      )}
    </div>
  );
}
