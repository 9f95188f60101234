// A small mark per channel, with its name for assistive technology.
const CHANNELS: Record<string, { label: string; color: string; letter: string }> = {
  whatsapp: { label: 'WhatsApp', color: '#16a34a', letter: 'W' },
  telegram: { label: 'Telegram', color: '#0284c7', letter: 'T' },
  webchat: { label: 'Chat do site', color: '#7c3aed', letter: 'S' },
};

export function ChannelIcon({ kind }: { kind: string }) {
  const channel = CHANNELS[kind] ?? { label: kind, color: '#64748b', letter: '?' };
  return (
    <span className="channel-icon" role="img" aria-label={channel.label} title={channel.label} style={{ background: channel.color }}>
      {channel.letter}
    </span>
  );
}
