// Which of the WhatsApp Business Account's templates the desk can send, read from Meta's own list:
// approved ones whose only parameters are the body's numbered {{1}}, {{2}}... (what the composer
// fills in). Others are listed with why they were left out, so the administrator knows.
import type { Template } from '../../desk/reply-window.js';
import type { MetaTemplate } from './graph-api.js';

export type TemplateReading = { template: Template } | { skipped: { name: string; language: string; reason: string } };

const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;
const HAS_PLACEHOLDER = /\{\{[^}]+\}\}/;

export function readTemplate(meta: MetaTemplate): TemplateReading {
  const skip = (reason: string) => ({ skipped: { name: meta.name, language: meta.language, reason } });
  if (meta.status !== 'APPROVED') return skip(`status ${meta.status} na Meta (só modelos aprovados podem ser enviados)`);
  if (meta.parameter_format === 'NAMED') return skip('usa variáveis com nome; o Prosa preenche as numeradas ({{1}}, {{2}}...)');
  const components = meta.components ?? [];
  const body = components.find((c) => c.type === 'BODY')?.text;
  if (!body) return skip('sem corpo de texto');
  const header = components.find((c) => c.type === 'HEADER');
  if (header && (header.format !== 'TEXT' || HAS_PLACEHOLDER.test(header.text ?? ''))) return skip('o cabeçalho leva mídia ou variáveis');
  const buttons = components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  if (buttons.some((b) => b.type === 'URL' && HAS_PLACEHOLDER.test(b.url ?? ''))) return skip('um botão leva variável');
  const numbers = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]);
  if (numbers.some((n) => !/^\d+$/.test(n))) return skip('usa variáveis com nome; o Prosa preenche as numeradas ({{1}}, {{2}}...)');
  const params = numbers.length === 0 ? 0 : Math.max(...numbers.map(Number));
  if (params > 20) return skip('mais de 20 variáveis');
  return { template: { name: meta.name, language: meta.language, body, params } };
}
