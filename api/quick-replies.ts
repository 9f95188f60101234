// The variables a quick reply may use, filled in for the conversation it is sent in: one list, read
// by the server that fills them and refuses unknown ones, and by the screen that shows them (no zod
// here: the app's bundle imports it).

export const QUICK_REPLY_VARIABLES = ['cliente.nome', 'cliente.primeiro_nome', 'atendente.nome', 'protocolo', 'contrato.plano'] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];

/** The names the first quick replies were written with; still filled in, no longer shown. */
export const OLD_VARIABLE_NAMES: Record<string, QuickReplyVariable> = { nome: 'cliente.nome', primeiro_nome: 'cliente.primeiro_nome', atendente: 'atendente.nome' };

/** Anything between double braces is meant as a variable. */
export const VARIABLE_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const variableOf = (name: string): QuickReplyVariable | undefined =>
  (QUICK_REPLY_VARIABLES as readonly string[]).includes(name) ? (name as QuickReplyVariable) : OLD_VARIABLE_NAMES[name];

/** The variables a text uses that Prosa cannot fill, as written. */
export const unknownVariables = (text: string): string[] =>
  [...new Set([...text.matchAll(VARIABLE_PATTERN)].filter((m) => !variableOf(m[1])).map((m) => m[0]))];

/** WhatsApp's captions stop at 1024 characters. */
export const MAX_CAPTION = 1024;

/**
 * Whether a quick reply's text goes as its attachment's caption, or as a text message after it:
 * WhatsApp's audio messages carry no caption, and a longer text does not fit in one.
 */
export const carriesCaption = (fileKind: string, text: string) => fileKind !== 'audio' && text.length <= MAX_CAPTION;
