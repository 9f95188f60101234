// Records audio with the microphone (MediaRecorder); the result goes through the same preview as a picked file.
import { useEffect, useRef, useState } from 'react';

export function useRecorder(onDone: (file: File) => void) {
  const [recording, setRecording] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);

  useEffect(() => {
    if (!recording) return;
    setSeconds(0);
    const timer = setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => clearInterval(timer);
  }, [recording]);

  useEffect(() => () => recorder.current?.stream.getTracks().forEach((track) => track.stop()), []);

  const start = async () => {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('Este navegador não permite gravar áudio.');
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => {
      throw new Error('Permita o uso do microfone para gravar áudio.');
    });
    const type = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm'].find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
    const media = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    const chunks: Blob[] = [];
    media.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    media.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      const mime = media.mimeType || 'audio/webm';
      const extension = mime.includes('ogg') ? 'ogg' : 'webm';
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      onDone(new File(chunks, `audio-${stamp}.${extension}`, { type: mime }));
      setRecording(false);
    };
    media.start(250);
    recorder.current = media;
    setRecording(true);
  };

  const stop = () => recorder.current?.state === 'recording' && recorder.current.stop();
  const elapsed = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return { recording, start, stop, elapsed };
}
