// The bot's menu, as data the administrator edits (Administração > Bot), the engine in server/bot/
// follows, and the JSON a provider exports and imports. Defined once, for the server and the screen.
import { z } from 'zod';
import { MAX_OPTIONS, OPTION_LABEL_MAX } from './bot-limits.js';

/** What choosing an option does. */
export const BOT_ACTIONS = ['segunda_via', 'desbloqueio', 'atendente', 'mensagem'] as const;
export type BotAction = (typeof BOT_ACTIONS)[number];

/** Actions that need the subscriber identified (by CPF/CNPJ) before they run. */
export const NEEDS_CLIENT: readonly BotAction[] = ['segunda_via', 'desbloqueio'];

export { BUTTON_LABEL_MAX, MAX_OPTIONS, OPTION_LABEL_MAX } from './bot-limits.js';

const BotText = (max: number) => z.string().trim().max(max);

export const BotOptionShape = z.object({
  /** Stable id: the button's id on WhatsApp, the callback data on Telegram, the widget's choice. */
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'só letras minúsculas, números, - e _ (até 32)'),
  label: BotText(OPTION_LABEL_MAX).min(1, 'dê um nome à opção'),
  action: z.enum(BOT_ACTIONS),
  /** For "atendente": the sector whose Fila the conversation goes to. */
  sectorId: z.number().int().positive().nullable().default(null),
  /** For "mensagem": the text the bot answers with. */
  text: BotText(1000).default(''),
}).superRefine((option, ctx) => {
  if (option.action === 'atendente' && option.sectorId === null) {
    ctx.addIssue({ code: 'custom', path: ['sectorId'], message: 'escolha o setor que atende esta opção' });
  }
  if (option.action === 'mensagem' && option.text === '') {
    ctx.addIssue({ code: 'custom', path: ['text'], message: 'escreva a mensagem que o bot responde' });
  }
});
export type BotOption = z.infer<typeof BotOptionShape>;

export const BotFlowShape = z.object({
  /** Off: a new conversation goes straight to the default sector's Fila. */
  enabled: z.boolean().default(false),
  /** Said once, when the bot starts talking. */
  greeting: BotText(1000).default('Olá! Sou o assistente virtual. Vou te ajudar por aqui.'),
  /** Ask the CPF/CNPJ first when the contact is not linked to a client yet. */
  identifyFirst: z.boolean().default(true),
  identifyPrompt: BotText(500).min(1).default('Para começar, digite o CPF ou CNPJ do titular do contrato.'),
  notFoundMessage: BotText(500).min(1).default('Não encontrei nenhum cadastro com esse CPF/CNPJ. Confira e digite novamente.'),
  menuPrompt: BotText(1000).min(1).default('Como posso ajudar? Escolha uma opção:'),
  options: z.array(BotOptionShape).min(1, 'o menu precisa de pelo menos uma opção').max(MAX_OPTIONS)
    .refine((options) => new Set(options.map((o) => o.id)).size === options.length, 'duas opções com o mesmo id')
    .default([
      { id: 'boleto', label: '2ª via do boleto', action: 'segunda_via', sectorId: null, text: '' },
      { id: 'desbloqueio', label: 'Desbloqueio em confiança', action: 'desbloqueio', sectorId: null, text: '' },
    ] as BotOption[]),
  /** Said before the question is asked again. */
  invalidMessage: BotText(500).min(1).default('Não entendi. Responda com o número de uma das opções.'),
  /** Invalid answers in a row before the conversation goes to the default sector's Fila. */
  maxInvalid: z.number().int().min(1).max(10).default(3),
  /** Without an answer for this long, the bot closes the conversation. */
  timeoutMinutes: z.number().int().min(1).max(720).default(30),
  /** The motivo the timeout closes with (one that applies to every sector). */
  timeoutMotivoId: z.number().int().positive().nullable().default(null),
  timeoutMessage: BotText(1000).default('Como não tivemos resposta, encerramos este atendimento. Se precisar, é só chamar de novo!'),
}).superRefine((flow, ctx) => {
  if (!flow.enabled) return;
  // A subscriber the bot cannot help must always have a way to a person.
  if (!flow.options.some((o) => o.action === 'atendente')) {
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'para ligar o bot, o menu precisa de uma opção "falar com um atendente"' });
  }
  if (flow.timeoutMotivoId === null) {
    ctx.addIssue({ code: 'custom', path: ['timeoutMotivoId'], message: 'para ligar o bot, escolha o motivo com que ele encerra por falta de resposta' });
  }
});
export type BotFlow = z.infer<typeof BotFlowShape>;

/** A bot message with options, as channels render it (meta of the stored message). */
export const BotChoicesShape = z.object({
  /** The question, without the numbered options (the body has both). */
  prompt: z.string(),
  options: z.array(z.object({ id: z.string(), title: z.string() })).min(1).max(MAX_OPTIONS),
});
export type BotChoices = z.infer<typeof BotChoicesShape>;

/** The message body every channel can show: the question and the options numbered. */
export function choicesText(choices: BotChoices): string {
  return `${choices.prompt}\n\n${choices.options.map((o, i) => `${i + 1}. ${o.title}`).join('\n')}`;
}

/**
 * The file Exportar JSON downloads and Importar JSON reads: the flow with its sectors and timeout
 * motivo named by name instead of id, so that it moves between installations (ids differ, names
 * are what an administrator recognises). Importing resolves the names to the provider's own ids.
 */
export const BOT_EXPORT_FORMAT = 'prosa-bot';
export const BOT_EXPORT_VERSION = 1;

const NOT_A_BOT_FILE = 'este arquivo não é uma exportação do bot do Prosa';
const { sectorId: _sectorId, ...optionFields } = BotOptionShape.shape;
const { options: _options, timeoutMotivoId: _timeoutMotivoId, ...flowFields } = BotFlowShape.shape;

export const BotExportOptionShape = z.object({
  ...optionFields,
  /** For "atendente": the sector's name. */
  sector: z.string().trim().min(1).max(80).nullable().default(null),
});
export type BotExportOption = z.infer<typeof BotExportOptionShape>;

export const BotExportShape = z.object({
  format: z.literal(BOT_EXPORT_FORMAT, { error: NOT_A_BOT_FILE }),
  version: z.literal(BOT_EXPORT_VERSION, { error: 'versão do arquivo não suportada por este Prosa' }),
  flow: z.object({
    ...flowFields,
    options: z.array(BotExportOptionShape).min(1, 'o menu precisa de pelo menos uma opção').max(MAX_OPTIONS),
    /** The motivo's name. */
    timeoutMotivo: z.string().trim().min(1).max(80).nullable().default(null),
  }),
});
export type BotExport = z.infer<typeof BotExportShape>;
