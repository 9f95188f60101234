// WhatsApp's approved templates: the only message that may reach a contact who has not written in
// the last 24 hours. A select, one field per {{n}} parameter, and the text as the contact will read it.
import { useEffect, useId } from 'react';
import { t } from '../i18n';

export interface Template { name: string; language: string; body: string; params: number }
export interface TemplatesInfo { windowOpen: boolean; windowClosesAt: string | null; templates: Template[] }
export interface TemplateChoice { name: string; params: string[] }

export const templatesKey = (conversationId: number) => ['messages', conversationId, 'templates'] as const;

const fill = (body: string, params: string[]) => body.replace(/\{\{(\d+)\}\}/g, (all, n: string) => params[Number(n) - 1]?.trim() || all);

export function TemplateFields({ templates, value, onChange }: { templates: Template[]; value: TemplateChoice; onChange(choice: TemplateChoice): void }) {
  const id = useId();
  const template = templates.find((x) => x.name === value.name);
  // The first template is chosen until the agent picks another.
  useEffect(() => {
    if (!template && templates[0]) onChange({ name: templates[0].name, params: Array(templates[0].params).fill('') });
  }, [template, templates, onChange]);
  if (!template) return null;
  return (
    <div className="template-fields">
      <label>
        {t('template.name')}
        <select value={template.name} onChange={(e) => {
          const next = templates.find((x) => x.name === e.target.value)!;
          onChange({ name: next.name, params: Array(next.params).fill('') });
        }}>
          {templates.map((x) => <option key={x.name} value={x.name}>{x.name}</option>)}
        </select>
      </label>
      {Array.from({ length: template.params }, (_, i) => (
        <label key={`${template.name}-${i}`}>
          {t('template.param', { n: i + 1 })}
          <input
            required
            value={value.params[i] ?? ''}
            maxLength={1024}
            onChange={(e) => onChange({ name: template.name, params: value.params.map((p, j) => (j === i ? e.target.value.replace(/[\r\n\t]/g, ' ') : p)) })}
          />
        </label>
      ))}
      <p className="muted small" id={`${id}-preview`} aria-label={t('template.preview')}>{fill(template.body, value.params)}</p>
    </div>
  );
}
