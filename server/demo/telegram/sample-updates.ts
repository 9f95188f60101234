// Updates as Telegram posts them to a webhook, for the tests and the stand-in. The shapes follow
// the samples of Telegram's webhook guide ("Testing your bot with updates": the chat 1111111 of
// "Test Firstname") and the Bot API's Update and Message objects; ids and dates are made up.

/** The private chat of Telegram's own samples. */
export const SAMPLE_CHAT = {
  id: 1111111,
  type: 'private',
  first_name: 'Test Firstname',
  last_name: 'Test Lastname',
  username: 'Testusername',
};

export type SampleChat = { id: number; type?: string; first_name?: string; last_name?: string; username?: string; title?: string };

export interface UpdateOptions {
  /** SAMPLE_CHAT by default. */
  chat?: SampleChat;
  /** The sender; by default the person of the private chat. */
  from?: Record<string, unknown>;
  messageId?: number;
  updateId?: number;
  /** Unix time, in seconds. */
  date?: number;
  caption?: string;
}

/** A file as a message carries it (file_id, file_unique_id, file_size): what the stand-in's addFile answers. */
export interface FileRef {
  file_id: string;
  file_unique_id?: string;
  file_size?: number;
}

export interface SampleMessage {
  message_id: number;
  from: Record<string, unknown>;
  chat: SampleChat;
  date: number;
  [field: string]: unknown;
}

let updateIds = 10000;
let messageIds = 1365;
let callbackIds = 0;

/** An Update whose `message` holds `content` with the usual envelope around it. */
export function buildUpdate(content: Record<string, unknown>, options: UpdateOptions = {}): { update_id: number; message: SampleMessage } {
  const chat = options.chat ? { type: 'private', ...options.chat } : SAMPLE_CHAT;
  const from = options.from ?? {
    id: chat.id,
    is_bot: false,
    first_name: chat.first_name,
    ...(chat.last_name ? { last_name: chat.last_name } : {}),
    ...(chat.username ? { username: chat.username } : {}),
    language_code: 'pt-br',
  };
  const caption = options.caption === undefined ? {} : { caption: options.caption };
  return {
    update_id: options.updateId ?? updateIds++,
    message: {
      message_id: options.messageId ?? messageIds++,
      from,
      chat,
      date: options.date ?? Math.floor(Date.now() / 1000),
      ...content,
      ...caption,
    },
  };
}

/**
 * The Update of a button pressed under `message` (one the bot sent, with its reply_markup), by the
 * person of its private chat: a CallbackQuery of the Bot API, with the chat_instance of Telegram's
 * webhook-guide sample.
 */
export function buttonPressed(message: Record<string, unknown>, data: string, options: { id?: string; from?: Record<string, unknown>; updateId?: number } = {}) {
  const chat = message.chat as SampleChat;
  const from = options.from ?? {
    id: chat.id,
    is_bot: false,
    first_name: chat.first_name ?? SAMPLE_CHAT.first_name,
    last_name: chat.first_name ? chat.last_name : SAMPLE_CHAT.last_name,
    language_code: 'pt-br',
  };
  return {
    update_id: options.updateId ?? updateIds++,
    callback_query: {
      id: options.id ?? String(4_382_000_000_000_000_000n + BigInt(++callbackIds)),
      from,
      message,
      chat_instance: '-8163470287716253474',
      data,
    },
  };
}

const ref = (file: FileRef) => ({ file_id: file.file_id, file_unique_id: file.file_unique_id ?? file.file_id.slice(-10), ...(file.file_size ? { file_size: file.file_size } : {}) });

export const sampleUpdates = {
  text: (text: string, options?: UpdateOptions) => buildUpdate({ text }, options),

  /** Telegram sends every size it made of the photo, smallest first. */
  photo: (sizes: (FileRef & { width: number; height: number })[], options?: UpdateOptions) =>
    buildUpdate({ photo: sizes.map((s) => ({ ...ref(s), width: s.width, height: s.height })) }, options),

  video: (file: FileRef, options?: UpdateOptions) =>
    buildUpdate({ video: { ...ref(file), width: 640, height: 360, duration: 12, mime_type: 'video/mp4' } }, options),

  voice: (file: FileRef, options?: UpdateOptions) =>
    buildUpdate({ voice: { ...ref(file), duration: 5, mime_type: 'audio/ogg' } }, options),

  audio: (file: FileRef, options?: UpdateOptions) =>
    buildUpdate({ audio: { ...ref(file), duration: 243, mime_type: 'audio/mpeg', title: 'Test music file' } }, options),

  document: (file: FileRef & { file_name: string; mime_type: string }, options?: UpdateOptions) =>
    buildUpdate({ document: { ...ref(file), file_name: file.file_name, mime_type: file.mime_type } }, options),

  sticker: (file: FileRef, options?: UpdateOptions) =>
    buildUpdate({ sticker: { ...ref(file), type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍' } }, options),

  location: (latitude: number, longitude: number, options?: UpdateOptions) => buildUpdate({ location: { latitude, longitude } }, options),

  contact: (contact: { phone_number: string; first_name: string; last_name?: string; user_id?: number }, options?: UpdateOptions) =>
    buildUpdate({ contact }, options),

  /** A message the contact edited: Telegram sends the new version as `edited_message`. */
  edited: (text: string, options?: UpdateOptions) => {
    const { update_id, message } = buildUpdate({ text, edit_date: Math.floor(Date.now() / 1000) }, options);
    return { update_id, edited_message: message };
  },

  callbackQuery: (options: { updateId?: number; chat?: SampleChat } = {}) => {
    const chat = { ...SAMPLE_CHAT, ...options.chat };
    return {
      update_id: options.updateId ?? updateIds++,
      callback_query: {
        id: '4382bfdwdsb323b2d9',
        from: { id: chat.id, is_bot: false, first_name: chat.first_name, last_name: chat.last_name, username: chat.username },
        chat_instance: '-8163470287716253474',
        data: 'Data from button callback',
        inline_message_id: '1234csdbsk4839',
      },
    };
  },
};
