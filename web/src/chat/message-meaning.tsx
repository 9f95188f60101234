// What a message carries beyond its text, as its bubble shows it: the message it answers (a
// quote), a place as a map link, shared contacts as cards, the ad it came from, and the contact's
// reaction. Links only: nothing is loaded from another site.
import type { Message } from '../api/types';
import { t, tOr } from '../i18n';

type Quote = NonNullable<Message['quote']>;

/** Who wrote a quoted message, in the agent's words. */
export function quoteAuthor(quote: Pick<Quote, 'authorKind' | 'authorName'>, contactName: string): string {
  if (quote.authorKind === 'contact') return quote.authorName ?? contactName;
  if (quote.authorKind === 'agent') return quote.authorName ?? t('event.someone');
  return quote.authorKind === 'bot' ? t('message.bot') : t('message.system');
}

/** The start of a quoted message's text, or its kind when it has none (a photo without caption). */
export function quoteExcerpt(quote: Pick<Quote, 'excerpt' | 'type'>): string {
  return quote.excerpt ?? tOr(`message.quoteKind.${quote.type}`, '');
}

export function QuoteBlock({ quote, contactName }: { quote: Quote; contactName: string }) {
  if (quote.messageId === null) {
    return <blockquote className="quote missing">{t('message.quoteMissing')}</blockquote>;
  }
  const target = quote.messageId;
  const go = () => document.getElementById(`message-${target}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  return (
    <blockquote className="quote">
      <button type="button" onClick={go} title={t('message.quoteGo')}>
        <strong>{quoteAuthor(quote, contactName)}</strong>
        <span>{quoteExcerpt(quote)}</span>
      </button>
    </blockquote>
  );
}

export function LocationLink({ location }: { location: NonNullable<Message['location']> }) {
  const { latitude, longitude, name, address } = location;
  const url = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
  return (
    <a className="place" href={url} target="_blank" rel="noopener noreferrer">
      <span aria-hidden>📍</span>
      <span>
        <strong>{name ?? t('message.location')}</strong>
        {address && <span className="small">{address}</span>}
        <span className="small muted">{t('message.openMap')} · {latitude}, {longitude}</span>
      </span>
    </a>
  );
}

export function ContactCards({ contacts }: { contacts: NonNullable<Message['sharedContacts']> }) {
  return (
    <ul className="contact-cards" aria-label={t('message.sharedContact')}>
      {contacts.map((contact, i) => (
        <li key={i} className="contact-card">
          <span aria-hidden>👤</span>
          <span>
            <strong>{contact.name}</strong>
            {contact.phones.map((phone) => <span key={phone} className="small">{phone}</span>)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AdReferral({ referral }: { referral: NonNullable<Message['referral']> }) {
  const headline = referral.headline ?? referral.body ?? '';
  const text = t(referral.sourceType === 'post' ? 'message.fromPost' : 'message.fromAd', { headline: headline ? `“${headline}”` : '' }).trim();
  return (
    <p className="referral small" role="note">
      <span>{text}</span>
      {referral.sourceUrl && /^https?:\/\//.test(referral.sourceUrl) && (
        <> · <a href={referral.sourceUrl} target="_blank" rel="noopener noreferrer">{t('message.adLink')}</a></>
      )}
    </p>
  );
}

export function ReactionBadge({ emoji }: { emoji: string }) {
  return <span className="reaction" role="img" aria-label={t('message.reaction', { emoji })}>{emoji}</span>;
}
