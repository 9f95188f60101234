// Prosa's web-chat widget. A provider pastes one line into its site:
//   <script src="https://prosa.provedor.com.br/widget.js" data-channel="meu-canal" async></script>
// A bubble opens the chat (pt-BR); the visitor gives a name (phone and e-mail optional) once, and
// a random token kept in localStorage, per channel, keeps the conversation across reloads.
// Everything lives in a Shadow DOM, so the site's CSS cannot break it; no framework: a few KB.
import { ApiError, createApi, type VisitorMessage } from './api';
import { styles } from './styles';

const ICONS = {
  chat: 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z',
  clip: 'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z',
  send: 'M2 21l21-9L2 3v7l15 2-15 2z',
};
const icon = (name: keyof typeof ICONS) => `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${ICONS[name]}"/></svg>`;
const TYPING_SHOWN_MS = 5000;
const TYPING_EVERY_MS = 2000;
const MAX_FILE_BYTES = 100 * 1024 * 1024;

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-channel][src*="widget.js"]');
const channel = script?.dataset.channel;
if (script && channel) void start(new URL(script.src, location.href).origin, channel);

/** localStorage may be refused (private windows, blocked storage): the chat then lasts the page. */
function store(area: 'localStorage' | 'sessionStorage') {
  const memory = new Map<string, string>();
  return {
    get(key: string) {
      try {
        return window[area].getItem(key);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set(key: string, value: string | null) {
      try {
        if (value === null) window[area].removeItem(key);
        else window[area].setItem(key, value);
      } catch {
        if (value === null) memory.delete(key);
        else memory.set(key, value);
      }
    },
  };
}

async function start(base: string, channel: string) {
  const api = createApi(base, channel);
  let config;
  try {
    config = await api.config();
  } catch (error) {
    console.warn('Prosa: chat indisponível', error);
    return;
  }
  const saved = store('localStorage');
  const session = store('sessionStorage');
  const tokenKey = `prosa.webchat.${channel}`;
  const openKey = `${tokenKey}.open`;

  if (!document.body) await new Promise((resolve) => addEventListener('DOMContentLoaded', resolve, { once: true }));
  // A name of its own: the site's rules for div, section... never match it.
  const host = document.createElement('prosa-webchat');
  host.dataset.channel = channel;
  host.style.cssText = 'position:fixed!important;z-index:2147483000!important;inset:auto 0 0 auto!important';
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>${styles}</style>
<button class="bubble" aria-label="Abrir chat" aria-expanded="false">${icon('chat')}<span class="badge" hidden></span></button>
<section class="panel" role="dialog" hidden>
  <header><h2></h2><button class="close" aria-label="Fechar chat">${icon('close')}</button></header>
  <form class="start" novalidate>
    <p class="greet"></p>
    <label>Nome<input name="name" autocomplete="name" maxlength="80" required></label>
    <label>Telefone (opcional)<input name="phone" type="tel" autocomplete="tel" maxlength="20"></label>
    <label>E-mail (opcional)<input name="email" type="email" autocomplete="email" maxlength="200"></label>
    <p class="alert" role="alert"></p>
    <button class="primary">Iniciar conversa</button>
  </form>
  <ol class="log" role="log" aria-label="Mensagens" aria-live="polite" hidden></ol>
  <p class="note" aria-live="polite" hidden><span></span> <span></span></p>
  <p class="alert chat-alert" role="alert" hidden></p>
  <form class="composer" hidden>
    <button type="button" class="attach" aria-label="Enviar arquivo" title="Enviar arquivo">${icon('clip')}</button>
    <input type="file" hidden>
    <textarea aria-label="Mensagem" placeholder="Escreva sua mensagem…" rows="1" maxlength="4096"></textarea>
    <button class="send" aria-label="Enviar" title="Enviar">${icon('send')}</button>
  </form>
</section>`;
  host.style.setProperty('--c', config.color);
  document.body.appendChild(host);

  const $ = <T extends Element>(selector: string) => root.querySelector(selector) as T;
  const bubble = $<HTMLButtonElement>('.bubble');
  const badge = $<HTMLElement>('.badge');
  const panel = $<HTMLElement>('.panel');
  const startForm = $<HTMLFormElement>('.start');
  const log = $<HTMLOListElement>('.log');
  const note = $<HTMLElement>('.note');
  // Who is typing, and what the chat is doing (connecting, sending a file): side by side.
  const [typingNote, statusNote] = [...note.children] as HTMLElement[];
  const chatAlert = $<HTMLElement>('.chat-alert');
  const composer = $<HTMLFormElement>('.composer');
  const input = $<HTMLTextAreaElement>('textarea');
  const chooser = $<HTMLInputElement>('input[type=file]');
  panel.setAttribute('aria-label', `Chat com ${config.providerName}`);
  $('h2').textContent = config.providerName;
  $('.greet').textContent = config.greeting;

  const messages = new Map<number, VisitorMessage>();
  let token: string | null = null;
  let open = false;
  let readUpTo = 0;
  let deliveredUpTo = 0;
  let lastTyping = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let live: AbortController | undefined;
  /** Whether the visitor is at the end of the log: new messages (and images loading) keep them there. */
  let stick = true;
  log.onscroll = () => (stick = log.scrollHeight - log.scrollTop - log.clientHeight < 60);

  // ── Panel ────────────────────────────────────────────────────────────────────────────────
  /** `focus`: moved into the chat (or back to the bubble) when the visitor asked, not on a reload. */
  function setOpen(value: boolean, focus = true) {
    open = value;
    session.set(openKey, value ? '1' : null);
    panel.hidden = !value;
    bubble.hidden = value;
    bubble.setAttribute('aria-expanded', String(value));
    if (value) acknowledge();
    if (focus) (value ? (token ? input : startForm.elements.namedItem('name') as HTMLInputElement) : bubble).focus();
  }
  bubble.onclick = () => setOpen(true);
  $<HTMLButtonElement>('.close').onclick = () => setOpen(false);
  panel.addEventListener('keydown', (event) => event.key === 'Escape' && setOpen(false));
  document.addEventListener('visibilitychange', () => acknowledge());

  function showChat(value: boolean) {
    startForm.hidden = value;
    log.hidden = composer.hidden = note.hidden = chatAlert.hidden = !value;
  }

  // ── Session ──────────────────────────────────────────────────────────────────────────────
  function begin(value: string) {
    token = value;
    api.setToken(value);
    showChat(true);
    void follow();
  }

  /** The token is no longer known (the provider removed it): start over with the form. */
  function forget() {
    token = null;
    api.setToken(null);
    saved.set(tokenKey, null);
    live?.abort();
    messages.clear();
    readUpTo = deliveredUpTo = 0;
    log.replaceChildren();
    showChat(false);
  }

  startForm.onsubmit = async (event) => {
    event.preventDefault();
    const field = (name: string) => (startForm.elements.namedItem(name) as HTMLInputElement).value.trim();
    const alert = $<HTMLElement>('.start .alert');
    if (!field('name')) {
      alert.textContent = 'Informe seu nome para começar.';
      return;
    }
    alert.textContent = '';
    try {
      const answer = await api.start({ name: field('name'), phone: field('phone') || undefined, email: field('email') || undefined });
      saved.set(tokenKey, answer.token);
      begin(answer.token);
      input.focus();
    } catch (error) {
      alert.textContent = (error as Error).message;
    }
  };

  // ── Messages ─────────────────────────────────────────────────────────────────────────────
  const time = (iso: string) => new Date(iso).toLocaleTimeString('pt-BR', { hour: '2-digit', minute: '2-digit' });
  const size = (bytes: number) => (bytes < 1048576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1).replace('.', ',')} MB`);

  function render(message: VisitorMessage): HTMLLIElement {
    const item = document.createElement('li');
    item.className = `m ${message.direction}`;
    item.dataset.id = String(message.id);
    if (message.quote) item.append(quoteOf(message.quote));
    const { file } = message;
    if (file) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'file';
      button.title = file.filename;
      button.onclick = () => api.blobUrl(file.url).then((url) => {
        const link = document.createElement('a');
        link.href = url;
        link.download = file.filename;
        link.click();
      }).catch(() => showAlert('Não foi possível abrir o arquivo.'));
      if (file.thumbnailUrl) {
        const image = document.createElement('img');
        image.alt = file.filename;
        image.onload = () => stick && (log.scrollTop = log.scrollHeight);
        api.blobUrl(file.thumbnailUrl).then((url) => (image.src = url)).catch(() => undefined);
        button.append(image);
      } else button.textContent = `📄 ${file.filename} (${size(file.size)})`;
      item.append(button);
    }
    const { choices } = message;
    // A bot's question: its prompt, and a button per option instead of the numbered list in the body.
    if (choices) {
      const group = document.createElement('div');
      group.className = 'choices';
      for (const option of choices.options) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = option.title;
        button.onclick = () => void choose(option.title, option.id);
        group.append(button);
      }
      item.append(choices.prompt, group);
    } else if (message.body) item.append(message.body);
    const stamp = document.createElement('time');
    stamp.textContent = time(message.createdAt);
    item.append(stamp);
    return item;
  }

  /** The message a reply answers: who wrote it and the start of its text. */
  function quoteOf(quote: NonNullable<VisitorMessage['quote']>): HTMLElement {
    const block = document.createElement('blockquote');
    const author = document.createElement('strong');
    author.textContent = quote.messageId === null ? '' : quote.authorKind === 'contact' ? 'Você' : 'Atendimento';
    block.append(author, quote.messageId === null ? 'Mensagem não encontrada' : quote.excerpt ?? (quote.type === 'text' ? '' : 'Anexo'));
    return block;
  }

  /** Adds a message in id order, once, however many times it arrives (history, POST, stream). */
  function upsert(message: VisitorMessage) {
    const known = messages.has(message.id);
    messages.set(message.id, message);
    if (known) return;
    const next = [...log.children].find((li) => Number((li as HTMLElement).dataset.id) > message.id);
    log.insertBefore(render(message), next ?? null);
    settleChoices();
    if (message.direction === 'out') {
      typingNote.textContent = '';
      clearTimeout(typingTimer);
    }
    if (stick || message.direction === 'in') log.scrollTop = log.scrollHeight;
  }

  /** Only the last message's options can be pressed: an older question has been moved past. */
  function settleChoices(busy = false) {
    for (const button of log.querySelectorAll<HTMLButtonElement>('.choices button')) {
      button.disabled = busy || button.closest('li') !== log.lastElementChild;
    }
  }

  async function choose(title: string, id: string) {
    settleChoices(true);
    try {
      upsert(await api.say(title, clientId(), id));
    } catch (error) {
      showAlert((error as Error).message);
    }
    settleChoices();
  }

  /** Tells Prosa what the visitor has seen: read in the open chat, delivered otherwise. */
  function acknowledge() {
    let last = 0;
    let unread = 0;
    for (const m of messages.values()) {
      if (m.direction !== 'out') continue;
      last = Math.max(last, m.id);
      if (m.id > readUpTo && m.status !== 'read') unread++;
    }
    if (!last) return;
    if (open && document.visibilityState === 'visible') {
      if (last > readUpTo) void api.seen('read', last);
      readUpTo = deliveredUpTo = Math.max(readUpTo, last);
      unread = 0;
    } else if (last > deliveredUpTo) {
      deliveredUpTo = last;
      void api.seen('delivered', last);
    }
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
  }

  function showAlert(text: string) {
    chatAlert.textContent = text;
    setTimeout(() => chatAlert.textContent === text && (chatAlert.textContent = ''), 6000);
  }

  // ── Live: the history, then the stream; again after any break, waiting longer each time ─────
  async function follow() {
    live?.abort();
    const controller = (live = new AbortController());
    let delay = 1000;
    while (!controller.signal.aborted) {
      try {
        const history = await api.history();
        history.messages.forEach(upsert);
        acknowledge();
        statusNote.textContent = '';
        await api.stream(history.cursor, (type, data) => {
          if (type === 'message') {
            upsert(data);
            acknowledge();
          } else if (type === 'typing') {
            typingNote.textContent = `${data.name || 'Atendente'} está digitando…`;
            clearTimeout(typingTimer);
            typingTimer = setTimeout(() => (typingNote.textContent = ''), TYPING_SHOWN_MS);
          }
        }, controller.signal);
        delay = 1000;
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) return forget();
        statusNote.textContent = 'Sem conexão — tentando de novo…';
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30000);
    }
  }

  // ── Writing ──────────────────────────────────────────────────────────────────────────────
  const clientId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

  composer.onsubmit = async (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body) return;
    input.value = '';
    lastTyping = 0; // whatever they type next is news at once
    try {
      upsert(await api.say(body, clientId()));
    } catch (error) {
      if (!input.value) input.value = body;
      showAlert((error as Error).message);
    }
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    if (input.value.trim() && Date.now() - lastTyping > TYPING_EVERY_MS) {
      lastTyping = Date.now();
      void api.typing();
    }
  });
  $<HTMLButtonElement>('.attach').onclick = () => chooser.click();
  chooser.onchange = async () => {
    const file = chooser.files?.[0];
    chooser.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return showAlert('O arquivo passa de 100 MB.');
    statusNote.textContent = `Enviando ${file.name}…`;
    try {
      upsert(await api.upload(file));
    } catch (error) {
      showAlert((error as Error).message);
    }
    statusNote.textContent = '';
  };

  const known = saved.get(tokenKey);
  if (known) begin(known);
  else showChat(false);
  if (session.get(openKey)) setOpen(true, false);
}
