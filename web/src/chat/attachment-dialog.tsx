// The preview before an attachment goes out: the image, the player or the file's name, a caption
// (not for an audio: the channels refuse one there).
import { useEffect, useMemo, useState } from 'react';
import { api, uploadFile } from '../api/client';
import { errorText, formatSize, t } from '../i18n';
import { Dialog } from '../ui/dialog';

export function AttachmentDialog({ file, conversationId, onClose, onSent }: {
  file: File; conversationId: number; onClose(): void; onSent(): void;
}) {
  const [caption, setCaption] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const kind = file.type.startsWith('image/') ? 'image' : file.type.startsWith('video/') ? 'video' : file.type.startsWith('audio/') ? 'audio' : 'file';

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const stored = await uploadFile(file);
      await api.post(`/conversations/${conversationId}/messages`, { kind: 'file', fileId: stored.id, caption: kind === 'audio' ? undefined : caption.trim() || undefined });
      onSent();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('composer.preview')} onClose={onClose}>
      <div className="attachment-preview">
        {kind === 'image' && <img src={url} alt={file.name} />}
        {kind === 'video' && <video src={url} controls aria-label={file.name} />}
        {kind === 'audio' && <audio src={url} controls aria-label={file.name} />}
        <p className="muted small">{file.name} · {formatSize(file.size)}</p>
      </div>
      {kind !== 'audio' && (
        <label>
          {t('composer.caption')}
          <input value={caption} onChange={(e) => setCaption(e.target.value)} maxLength={4096} />
        </label>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>{t('composer.cancel')}</button>
        <button type="button" className="primary" onClick={send} disabled={busy}>{busy ? t('composer.uploading') : t('composer.send')}</button>
      </div>
    </Dialog>
  );
}
