// The bot menu's limits, which are WhatsApp's: a reply button's title 20 characters, a list row's 24,
// a list 10 rows. Apart from api/bot.ts so the agent app reads them without bundling zod.
export const OPTION_LABEL_MAX = 24;
export const BUTTON_LABEL_MAX = 20;
export const MAX_OPTIONS = 10;
