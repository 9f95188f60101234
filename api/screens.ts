// The agent app's screens, as the first segment of its paths (/chat/abertos/42, /atendentes): the
// server answers each of them with the app, so a deep link or a reload opens the same screen.
export const SCREENS = ['chat', 'bloqueados', 'respostas-rapidas', 'etiquetas', 'motivos', 'setores', 'atendentes', 'canais', 'configuracoes', 'bot'] as const;
export type Screen = (typeof SCREENS)[number];

/** The Chat's tabs, as /chat/<tab>; "meus" is Meus atendimentos (the Abertos I am responsável for);
 * "bot" (conversations the bot is talking to) shows while it has any. */
export const TABS = ['fila', 'meus', 'abertos', 'fechados', 'bot'] as const;
