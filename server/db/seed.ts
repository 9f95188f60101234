// The demo provider: a small ISP with a desk that looks lived in (queue, open chats, a month of
// closed attendances). Seeded once, in one transaction, and the same on every run: every choice
// comes from a seeded generator and every time is relative to the moment of seeding.
import { hash } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import type { Db } from './connection.js';
import {
  channels,
  clients,
  contactIdentities,
  contacts,
  contracts,
  conversationEvents,
  conversations,
  conversationTags,
  messages,
  motivos,
  protocolCounters,
  providers,
  quickReplies,
  sectors,
  tags,
  userSectors,
  users,
} from './schema.js';

export const DEMO_SLUG = 'demo';
export const DEMO_PASSWORD = 'prosa123';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ── Deterministic randomness ─────────────────────────────────────────────────────────────────

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = ReturnType<typeof mulberry32>;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const unaccent = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** Nine random digits and the two CPF check digits: digits only, as stored. */
function cpf(rng: Rng): string {
  let base: number[];
  do base = Array.from({ length: 9 }, () => int(rng, 0, 9));
  while (base.every((d) => d === base[0]));
  const check = (digits: number[]) => {
    const sum = digits.reduce((acc, d, i) => acc + d * (digits.length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const d1 = check(base);
  const d2 = check([...base, d1]);
  return [...base, d1, d2].join('');
}

// ── Fixed catalogue ──────────────────────────────────────────────────────────────────────────

type SectorName = 'Suporte Técnico' | 'Financeiro' | 'Comercial';
const SECTORS: { name: SectorName; isDefault: boolean }[] = [
  { name: 'Suporte Técnico', isDefault: true },
  { name: 'Financeiro', isDefault: false },
  { name: 'Comercial', isDefault: false },
];

type AgentKey = 'admin' | 'carla' | 'ana' | 'bruno';
const USERS: { key: AgentKey; email: string; name: string; role: 'administrador' | 'supervisor' | 'atendente'; sectors: SectorName[] }[] = [
  { key: 'admin', email: 'admin@provedor.demo', name: 'Administrador Demo', role: 'administrador', sectors: ['Suporte Técnico', 'Financeiro', 'Comercial'] },
  { key: 'carla', email: 'carla@provedor.demo', name: 'Carla Supervisora', role: 'supervisor', sectors: ['Suporte Técnico', 'Financeiro', 'Comercial'] },
  { key: 'ana', email: 'ana@provedor.demo', name: 'Ana Souza', role: 'atendente', sectors: ['Suporte Técnico', 'Financeiro'] },
  { key: 'bruno', email: 'bruno@provedor.demo', name: 'Bruno Lima', role: 'atendente', sectors: ['Suporte Técnico', 'Comercial'] },
];
// Who answers the desk: the two agents and the supervisor (the admin only administers).
const RESPONDERS: AgentKey[] = ['ana', 'bruno', 'carla'];

const TAGS = [
  { name: 'Urgente', color: '#dc2626' },
  { name: 'Lentidão', color: '#f59e0b' },
  { name: 'Sem conexão', color: '#b91c1c' },
  { name: 'Financeiro', color: '#2563eb' },
  { name: 'Instalação', color: '#16a34a' },
  { name: 'VIP', color: '#7c3aed' },
];

const MOTIVOS = [
  'Sem conexão',
  'Lentidão',
  '2ª via de boleto',
  'Negociação de débito',
  'Mudança de plano',
  'Mudança de endereço',
  'Cancelamento',
  'Dúvida geral',
];

const QUICK_REPLIES = [
  { shortcut: 'saudacao', title: 'Saudação', body: 'Olá, {{primeiro_nome}}! Aqui é {{atendente}}, como posso ajudar?' },
  {
    shortcut: 'reiniciar',
    title: 'Reiniciar roteador',
    body: 'Por favor, desligue o roteador da tomada, aguarde 30 segundos e ligue novamente. Depois de uns 2 minutos, me avise se as luzes voltaram ao normal.',
  },
  { shortcut: 'boleto', title: '2ª via do boleto', body: '{{primeiro_nome}}, vou te enviar a 2ª via do boleto agora.' },
  { shortcut: 'aguarde', title: 'Aguarde', body: 'Só um instante, {{primeiro_nome}}, estou verificando aqui no sistema.' },
  {
    shortcut: 'encerramento',
    title: 'Encerramento',
    body: 'Agradecemos o contato, {{primeiro_nome}}! O protocolo do seu atendimento é {{protocolo}}. Se precisar, é só chamar por aqui.',
  },
  {
    shortcut: 'visita',
    title: 'Visita técnica agendada',
    body: '{{nome}}, sua visita técnica está agendada. O técnico vai se identificar com o crachá do Provedor Demo.',
  },
  {
    shortcut: 'velocidade',
    title: 'Teste de velocidade',
    body: 'Pode fazer um teste no fast.com com o celular perto do roteador e me mandar o resultado?',
  },
];

const PROVIDER_PROTOCOL_MESSAGE = 'Olá! O protocolo do seu atendimento é {{protocolo}}.';
const PROVIDER_CLOSING_MESSAGE = 'Seu atendimento foi encerrado. Obrigado pelo contato!';

// 36 contacts; the first 12 are the provider's clients. f/m only picks "obrigada"/"obrigado".
const PEOPLE: { name: string; g: 'f' | 'm' }[] = [
  { name: 'Maria da Conceição Silva', g: 'f' },
  { name: 'João Pedro Gonçalves', g: 'm' },
  { name: 'Ana Lúcia Araújo', g: 'f' },
  { name: 'Antônio Carlos Ferreira', g: 'm' },
  { name: 'Sebastião Rodrigues', g: 'm' },
  { name: 'Débora Cristina Lima', g: 'f' },
  { name: 'Fábio Henrique Souza', g: 'm' },
  { name: 'Márcia Regina Alves', g: 'f' },
  { name: 'José Aparecido Barbosa', g: 'm' },
  { name: 'Patrícia Gonçalves Ribeiro', g: 'f' },
  { name: 'Luís Otávio Carvalho', g: 'm' },
  { name: 'Francisca das Chagas Pereira', g: 'f' },
  { name: 'Cláudia Simões', g: 'f' },
  { name: 'Sérgio Magalhães', g: 'm' },
  { name: 'Vinícius Araújo', g: 'm' },
  { name: 'Letícia Brandão', g: 'f' },
  { name: 'Rogério da Conceição', g: 'm' },
  { name: 'Juliana Gonçalves', g: 'f' },
  { name: 'Caio Estêvão Nogueira', g: 'm' },
  { name: 'Tânia Mônica Castro', g: 'f' },
  { name: 'André Figueiredo', g: 'm' },
  { name: 'Lúcia Helena Duarte', g: 'f' },
  { name: 'Raimundo Nonato Sá', g: 'm' },
  { name: 'Cecília Antunes', g: 'f' },
  { name: 'Thaís Guimarães', g: 'f' },
  { name: 'Márcio Assunção', g: 'm' },
  { name: 'Beatriz Sampaio', g: 'f' },
  { name: 'Flávia Cordeiro', g: 'f' },
  { name: 'Otávio Brandão Teixeira', g: 'm' },
  { name: 'Jéssica Lourenço', g: 'f' },
  { name: 'Henrique Falcão', g: 'm' },
  { name: 'Natália Peçanha', g: 'f' },
  { name: 'Rafael Antônio Moura', g: 'm' },
  { name: 'Inês Carolina Batista', g: 'f' },
  { name: 'Gabriel Simão', g: 'm' },
  { name: 'Valéria Assis Monteiro', g: 'f' },
];
const CLIENT_COUNT = 12;
const TELEGRAM = new Set([28, 29, 30, 31]);
const WEBCHAT = new Set([32, 33, 34]);
// Contracts that are blocked, by client index.
const BLOCKED: Record<number, string> = { 3: 'bloqueado_atraso', 7: 'bloqueado_atraso', 10: 'bloqueado_manual' };

const CITIES = [
  { city: 'Campinas', uf: 'SP', ddd: '19', bairros: ['Cambuí', 'Taquaral', 'Jardim Chapadão', 'Vila Industrial', 'Jardim Proença'] },
  { city: 'Sumaré', uf: 'SP', ddd: '19', bairros: ['Centro', 'Jardim Nova Veneza', 'Parque Itália'] },
  { city: 'Hortolândia', uf: 'SP', ddd: '19', bairros: ['Jardim Amanda', 'Remanso Campineiro', 'Jardim Rosolém'] },
  { city: 'Valinhos', uf: 'SP', ddd: '19', bairros: ['Centro', 'Jardim Pinheiros', 'Vila Santana'] },
  { city: 'Jundiaí', uf: 'SP', ddd: '11', bairros: ['Anhangabaú', 'Vila Arens', 'Eloy Chaves'] },
];
const STREETS = [
  'Rua das Palmeiras', 'Rua Barão de Jaguara', 'Avenida Brasil', 'Rua José Paulino', 'Rua Sacramento',
  'Rua Coronel Quirino', 'Avenida Orosimbo Maia', 'Rua Dom Pedro II', 'Rua Tiradentes', 'Rua São Benedito',
  'Rua Conceição', 'Rua Antônio Cesarino',
];
const PLANS = ['Fibra 300 Mega', 'Fibra 300 Mega', 'Fibra 500 Mega', 'Fibra 500 Mega', 'Fibra 1 Giga'];
const UPGRADE: Record<string, string> = {
  'Fibra 300 Mega': 'Fibra 500 Mega',
  'Fibra 500 Mega': 'Fibra 1 Giga',
  'Fibra 1 Giga': 'Fibra 1 Giga com Wi-Fi mesh',
};
const MAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br'];

// ── Conversation scripts ─────────────────────────────────────────────────────────────────────
// Placeholders: {primeiro_nome} {atendente} {protocolo} {plano} {plano_novo} {vencimento}
// {obrigado} {Obrigado} (the contact's gender). The contact greets, receives the protocol, then
// tells the problem (`opening`); an agent assumes and the `dialogue` follows.

type Line = ['in' | 'out' | 'note', string];
interface Script {
  sector: SectorName;
  motivo: string;
  tags: string[];
  opening: string[];
  dialogue: Line[];
}

const SCRIPTS: Record<string, Script> = {
  semConexao: {
    sector: 'Suporte Técnico',
    motivo: 'Sem conexão',
    tags: ['Sem conexão', 'Urgente'],
    opening: ['Minha internet caiu desde cedo', 'Já desliguei e liguei o roteador e nada'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Vou verificar sua conexão aqui no sistema, só um instante.'],
      ['in', 'Ok, fico no aguardo'],
      ['out', 'Estou vendo que sua ONU está sem sinal. Tem alguma luz vermelha acesa no aparelho da fibra?'],
      ['in', 'Tem sim, a luz LOS está piscando vermelha'],
      ['note', 'Sinal óptico zerado na OLT, provável rompimento de fibra na rua. Abrir OS para a equipe de rede.'],
      ['out', 'Agradeço a informação. É um rompimento na fibra, vou agendar uma visita técnica para hoje à tarde, entre 13h e 17h. Terá alguém em casa?'],
      ['in', 'Vai ter sim, minha mãe fica em casa. {Obrigado}!'],
    ],
  },
  lentidao: {
    sector: 'Suporte Técnico',
    motivo: 'Lentidão',
    tags: ['Lentidão'],
    opening: ['A internet fica muito lenta toda noite', 'Depois das 19h não consigo nem assistir vídeo, fica travando'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}, como posso ajudar? Vou analisar sua conexão.'],
      ['in', 'Tá bom'],
      ['out', 'Pode fazer um teste no fast.com com o celular e me mandar o resultado?'],
      ['in', 'Deu 38 Mega aqui no quarto'],
      ['out', 'Seu plano é o {plano}. No quarto o sinal de 2.4 GHz chega fraco; conecte na rede que termina com _5G perto do roteador e teste de novo, por favor.'],
      ['in', 'Agora deu 280 Mega perto do roteador'],
      ['out', 'Então a conexão está ok, o problema é o alcance do Wi-Fi. Temos roteador mesh para cobrir a casa toda. Quer que o comercial entre em contato?'],
      ['in', 'Pode sim, {obrigado}!'],
    ],
  },
  segundaVia: {
    sector: 'Financeiro',
    motivo: '2ª via de boleto',
    tags: ['Financeiro'],
    opening: ['Preciso da segunda via do boleto desse mês', 'O meu não chegou no e-mail'],
    dialogue: [
      ['out', '{primeiro_nome}, vou te enviar a 2ª via do boleto agora.'],
      ['in', '{Obrigado}'],
      ['out', 'Segue o boleto com vencimento no dia {vencimento}: https://boleto.provedor.demo/2via/83721 — também dá para pagar pelo Pix com o código que está no boleto.'],
      ['in', 'Consegui pagar pelo Pix, já cai na hora?'],
      ['out', 'Sim, o pagamento via Pix é compensado em poucos minutos.'],
      ['in', 'Perfeito, valeu'],
    ],
  },
  negociacao: {
    sector: 'Financeiro',
    motivo: 'Negociação de débito',
    tags: ['Financeiro', 'Urgente'],
    opening: ['Minha internet foi bloqueada', 'Estou com dois boletos atrasados, tem como parcelar?'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Vou verificar os débitos no seu cadastro.'],
      ['note', 'Cliente com 2 faturas em aberto (60 dias). A política permite parcelar em 2x sem juros.'],
      ['out', 'Constam duas faturas em aberto. Podemos parcelar em 2x sem juros, e libero sua conexão em confiança por 48 horas assim que confirmar.'],
      ['in', 'Pode ser, como faço?'],
      ['out', 'Vou gerar os novos boletos e te enviar por aqui. O primeiro vence em 5 dias.'],
      ['in', 'Recebi os boletos, vou pagar amanhã cedo'],
      ['out', 'Ótimo! Sua conexão já foi liberada, pode reiniciar o roteador se ainda não voltou.'],
      ['in', 'Voltou aqui, {obrigado}!'],
    ],
  },
  mudancaPlano: {
    sector: 'Comercial',
    motivo: 'Mudança de plano',
    tags: [],
    opening: ['Queria saber quanto fica para aumentar minha internet', 'Hoje tenho o {plano}'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}, do comercial. Posso passar você para o {plano_novo} por mais R$ 30,00 por mês, com Wi-Fi 6.'],
      ['in', 'Precisa trocar o roteador?'],
      ['out', 'Não precisa, o seu roteador já suporta. A mudança é feita remotamente e o valor novo vem na próxima fatura.'],
      ['in', 'Então pode mudar'],
      ['out', 'Pronto! Plano alterado para {plano_novo}. Reinicie o roteador daqui a uns 10 minutos para pegar a nova velocidade.'],
      ['in', 'Show, {obrigado}'],
    ],
  },
  senhaWifi: {
    sector: 'Suporte Técnico',
    motivo: 'Dúvida geral',
    tags: [],
    opening: ['Oi, quero trocar a senha do Wi-Fi', 'Acho que o vizinho está usando'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Posso trocar a senha por aqui mesmo. Qual senha você quer usar? Precisa ter pelo menos 8 caracteres.'],
      ['in', 'Pode ser casa2024familia'],
      ['out', 'Senha alterada! Os aparelhos vão desconectar; é só conectar de novo na mesma rede usando a nova senha.'],
      ['in', 'Conectou aqui, {obrigado}'],
    ],
  },
  visitaTecnica: {
    sector: 'Suporte Técnico',
    motivo: 'Sem conexão',
    tags: ['Sem conexão'],
    opening: ['O cabo da fibra arrebentou com o vento', 'Está caído no quintal', 'Fiquei sem internet'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Sinto muito pelo transtorno, vou abrir uma ordem de serviço para a equipe técnica.'],
      ['in', 'Demora muito?'],
      ['out', 'Temos horário amanhã de manhã, entre 8h e 12h. Pode ser?'],
      ['in', 'Pode, vou estar em casa'],
      ['out', 'Visita agendada! O técnico vai se identificar com o crachá do Provedor Demo.'],
    ],
  },
  mudancaEndereco: {
    sector: 'Comercial',
    motivo: 'Mudança de endereço',
    tags: ['Instalação'],
    opening: ['Vou me mudar no fim do mês', 'Dá pra levar a internet para o endereço novo?'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Claro! Me passa o endereço novo com CEP para eu verificar a viabilidade?'],
      ['in', 'Rua Tiradentes, 880, Centro, CEP 13010-050'],
      ['out', 'Temos cobertura nesse endereço. A transferência não tem custo e agendamos a instalação para o dia que você preferir.'],
      ['in', 'Pode ser dia 30 de manhã?'],
      ['out', 'Agendado para o dia 30, período da manhã. O técnico retira o equipamento no endereço atual e instala no novo.'],
      ['in', 'Perfeito'],
    ],
  },
  cancelamento: {
    sector: 'Comercial',
    motivo: 'Cancelamento',
    tags: [],
    opening: ['Quero cancelar minha internet', 'Vou mudar para outra cidade'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Que pena! Para qual cidade você vai? Talvez a gente atenda lá também.'],
      ['in', 'Vou para Belo Horizonte'],
      ['out', 'Infelizmente não temos cobertura lá. Vou registrar o cancelamento; o último boleto vem proporcional aos dias de uso.'],
      ['in', 'E o roteador?'],
      ['out', 'A retirada do roteador e da ONU fica agendada para a próxima segunda-feira, no período da manhã.'],
      ['in', 'Ok, {obrigado} pelo atendimento'],
    ],
  },
  pagoBloqueado: {
    sector: 'Financeiro',
    motivo: 'Dúvida geral',
    tags: ['Financeiro'],
    opening: ['Paguei o boleto ontem e a internet continua bloqueada', 'Vou mandar o comprovante'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Pode enviar o comprovante por aqui, por favor.'],
      ['in', 'Pronto, mandei a foto do comprovante'],
      ['out', 'Recebi. O pagamento de boleto leva até 2 dias úteis para compensar, mas já fiz o desbloqueio em confiança.'],
      ['in', 'Voltou! {Obrigado}'],
    ],
  },
  novaInstalacao: {
    sector: 'Comercial',
    motivo: 'Dúvida geral',
    tags: ['Instalação'],
    opening: ['Vocês atendem no bairro Jardim Europa?', 'Queria contratar internet'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Atendemos sim! Temos Fibra 300 Mega por R$ 89,90, 500 Mega por R$ 119,90 e 1 Giga por R$ 159,90.'],
      ['in', 'Quero o de 500. Tem taxa de instalação?'],
      ['out', 'A instalação é grátis no plano de 500 Mega. Preciso do seu CPF e do endereço completo para o cadastro.'],
      ['in', 'Mando já'],
      ['out', 'Aguardo! Assim que receber, já agendo a instalação.'],
      ['in', 'Enviei os dados por e-mail também'],
    ],
  },
  vencimento: {
    sector: 'Financeiro',
    motivo: 'Dúvida geral',
    tags: ['Financeiro'],
    opening: ['Tem como mudar o dia de vencimento do boleto?', 'Recebo só no dia 20'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}. Tem sim! Hoje seu vencimento é dia {vencimento}. Posso passar para o dia 20?'],
      ['in', 'Isso, dia 20'],
      ['out', 'Alterado. O próximo boleto vem proporcional aos dias extras e os seguintes já vencem no dia 20.'],
      ['in', 'Ótimo, {obrigado}'],
    ],
  },
  quedas: {
    sector: 'Suporte Técnico',
    motivo: 'Lentidão',
    tags: ['Lentidão'],
    opening: ['A internet fica caindo toda hora', 'Cai e volta sozinha'],
    dialogue: [
      ['out', 'Olá, {primeiro_nome}! Aqui é {atendente}, como posso ajudar? Vou verificar o histórico da sua conexão.'],
      ['in', 'Ok'],
      ['out', 'Por favor, desligue o roteador da tomada, aguarde 30 segundos e ligue novamente. Depois me avise se as luzes voltaram ao normal.'],
      ['in', 'Reiniciei, as luzes estão verdes'],
      ['out', 'Atualizei o firmware do seu roteador remotamente. Acompanhe hoje e, se cair de novo, me chame aqui.'],
      ['in', 'Beleza'],
    ],
  },
};

// Suporte Técnico most, then Financeiro, then Comercial; cycled over the conversations.
const SCRIPT_ROTATION = [
  'semConexao', 'segundaVia', 'lentidao', 'quedas', 'negociacao', 'senhaWifi', 'mudancaPlano',
  'visitaTecnica', 'pagoBloqueado', 'semConexao', 'lentidao', 'vencimento', 'novaInstalacao',
  'quedas', 'segundaVia', 'mudancaEndereco', 'semConexao', 'cancelamento', 'senhaWifi', 'visitaTecnica',
];
const DEBT_SCRIPTS = ['negociacao', 'pagoBloqueado', 'segundaVia'];

// {periodo}: bom dia / boa tarde / boa noite, from the hour in Brasília when the contact wrote.
const GREETINGS = ['Oi', 'Olá', '{Periodo}!', '{Periodo}', 'oi, tudo bem?', 'Olá, {periodo}', 'Oi, {periodo}'];
const BOT_MENU =
  'Olá! Sou a assistente virtual do Provedor Demo. Escolha uma opção:\n1 - Suporte técnico\n2 - Financeiro (2ª via de boleto)\n3 - Comercial';
const FAREWELL =
  'Agradecemos o contato, {primeiro_nome}! O protocolo do seu atendimento é {protocolo}. Se precisar, é só chamar por aqui.';

// ── Seeding ──────────────────────────────────────────────────────────────────────────────────

type Situacao = 'bot' | 'fila' | 'chat' | 'finalizada';
type Kind = 'in' | 'out' | 'note' | 'system' | 'bot';

interface PlannedLine { kind: Kind; text: string; at: number }
interface PlannedConversation {
  contact: number;
  situacao: Situacao;
  script: Script;
  responsavel: AgentKey | null;
  lines: PlannedLine[];
  startedAt: Date;
  tags: string[];
  protocolo?: string;
}

export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  const [existing] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, DEMO_SLUG));
  if (existing) return { seeded: false };

  // Hashing is deliberately slow: once, outside the transaction, shared by the four users.
  const passwordHash = await hash(DEMO_PASSWORD);
  const rng = mulberry32(20_241_124);
  const now = Date.now();

  return db.transaction(async (tx) => {
    // A concurrent seeder may have won since the check above: then this one does nothing.
    const [provider] = await tx
      .insert(providers)
      .values({
        name: 'Provedor Demo',
        slug: DEMO_SLUG,
        chatEnabled: true,
        protocolMessage: PROVIDER_PROTOCOL_MESSAGE,
        closingMessage: PROVIDER_CLOSING_MESSAGE,
      })
      .onConflictDoNothing({ target: providers.slug })
      .returning({ id: providers.id });
    if (!provider) return { seeded: false };
    const providerId = provider.id;

    // Sectors, users and their sectors.
    const sectorRows = await tx
      .insert(sectors)
      .values(SECTORS.map((s) => ({ providerId, name: s.name, isDefault: s.isDefault })))
      .returning({ id: sectors.id, name: sectors.name });
    const sectorId = (name: SectorName) => sectorRows.find((r) => r.name === name)!.id;

    const userRows = await tx
      .insert(users)
      .values(USERS.map((u) => ({ providerId, name: u.name, email: u.email, passwordHash, role: u.role })))
      .returning({ id: users.id, email: users.email });
    const userId = (key: AgentKey) => userRows.find((r) => r.email === USERS.find((u) => u.key === key)!.email)!.id;
    const agentFirstName = (key: AgentKey) => USERS.find((u) => u.key === key)!.name.split(' ')[0];

    await tx.insert(userSectors).values(
      USERS.flatMap((u) => u.sectors.map((s) => ({ providerId, userId: userId(u.key), sectorId: sectorId(s) }))),
    );

    // Channels.
    await tx.insert(channels).values([
      {
        id: 'demo-whatsapp',
        providerId,
        kind: 'whatsapp',
        name: 'WhatsApp',
        config: {
          phoneNumberId: '100000000000001',
          verifyToken: 'demo-verify-token',
          // Templates as approved in WhatsApp Manager: outside the 24-hour window only these go.
          templates: [
            { name: 'boas_vindas', language: 'pt_BR', body: 'Olá {{1}}! Aqui é do seu provedor. Podemos conversar por aqui?', params: 1 },
            { name: 'retomar_atendimento', language: 'pt_BR', body: 'Olá {{1}}, aqui é {{2}} do seu provedor. Podemos continuar o atendimento do protocolo {{3}}?', params: 3 },
            { name: 'fatura_disponivel', language: 'pt_BR', body: 'Olá {{1}}! A sua fatura de {{2}} já está disponível. Responda esta mensagem para recebê-la por aqui.', params: 2 },
          ],
        },
        secrets: { appSecret: 'demo-app-secret', accessToken: 'demo-access-token' },
      },
      {
        id: 'demo-telegram',
        providerId,
        kind: 'telegram',
        name: 'Telegram',
        config: {},
        secrets: { botToken: '123456:demo-telegram-token', webhookSecret: 'demo-telegram-secret' },
      },
      { id: 'demo-webchat', providerId, kind: 'webchat', name: 'Chat do site', config: { greeting: 'Olá! Como podemos ajudar?' }, secrets: {} },
    ]);

    // Catalogues.
    const tagRows = await tx
      .insert(tags)
      .values(TAGS.map((t) => ({ providerId, name: t.name, color: t.color })))
      .returning({ id: tags.id, name: tags.name });
    const tagId = (name: string) => tagRows.find((r) => r.name === name)!.id;

    const motivoRows = await tx
      .insert(motivos)
      .values(MOTIVOS.map((name) => ({ providerId, name, sectorId: null })))
      .returning({ id: motivos.id, name: motivos.name });
    const motivoId = (name: string) => motivoRows.find((r) => r.name === name)!.id;

    await tx.insert(quickReplies).values(QUICK_REPLIES.map((q) => ({ providerId, ...q })));

    // People: phones, documents and addresses.
    const phones = new Set<string>();
    const phoneFor = (ddd: string) => {
      let phone: string;
      do phone = `55${ddd}9${int(rng, 6, 9)}${String(int(rng, 0, 9_999_999)).padStart(7, '0')}`;
      while (phones.has(phone));
      phones.add(phone);
      return phone;
    };
    const people = PEOPLE.map((p, i) => {
      const place = i < CLIENT_COUNT ? CITIES[i % CITIES.length] : pick(rng, CITIES);
      const parts = unaccent(p.name).toLowerCase().split(' ').filter((w) => !['da', 'das', 'de', 'do', 'dos'].includes(w));
      const email = `${parts[0]}.${parts[parts.length - 1]}${i < CLIENT_COUNT ? '' : int(rng, 10, 99)}@${pick(rng, MAIL_DOMAINS)}`;
      const channel = TELEGRAM.has(i) ? 'demo-telegram' : WEBCHAT.has(i) ? 'demo-webchat' : 'demo-whatsapp';
      // Telegram and the site chat do not reveal a phone; two Telegram contacts shared theirs.
      const hasPhone = channel === 'demo-whatsapp' || (channel === 'demo-telegram' && i % 2 === 0);
      const phone = hasPhone ? phoneFor(place.ddd) : null;
      const externalId =
        channel === 'demo-whatsapp' ? phone!
        : channel === 'demo-telegram' ? String(int(rng, 500_000_000, 7_999_999_999))
        : `visitor-${i - Math.min(...WEBCHAT) + 1}`;
      return {
        ...p,
        first: p.name.split(' ')[0],
        place,
        email,
        phone,
        channel,
        externalId,
        createdAt: new Date(now - int(rng, 45, 700) * DAY - int(rng, 0, 12) * HOUR),
      };
    });

    const clientValues = people.slice(0, CLIENT_COUNT).map((p) => ({
      providerId,
      name: p.name,
      document: cpf(rng),
      email: p.email,
      phone: p.phone,
      createdAt: new Date(p.createdAt.getTime() - int(rng, 1, 30) * DAY),
    }));
    const clientRows = await tx
      .insert(clients)
      .values(clientValues)
      .returning({ id: clients.id, document: clients.document });
    const clientIds = clientValues.map((c) => clientRows.find((r) => r.document === c.document)!.id);

    const contractValues = clientValues.map((c, i) => {
      const place = people[i].place;
      return {
        providerId,
        clientId: clientIds[i],
        plan: pick(rng, PLANS),
        status: BLOCKED[i] ?? 'ativo',
        address: `${pick(rng, STREETS)}, ${int(rng, 12, 1980)}, ${pick(rng, place.bairros)}, ${place.city} - ${place.uf}`,
        dueDay: pick(rng, [5, 10, 15, 20]),
        createdAt: c.createdAt,
      };
    });
    const contractRows = await tx
      .insert(contracts)
      .values(contractValues)
      .returning({ id: contracts.id, clientId: contracts.clientId });
    const contractIds = clientIds.map((cid) => contractRows.find((r) => r.clientId === cid)!.id);

    const contactRows = await tx
      .insert(contacts)
      .values(people.map((p, i) => ({
        providerId,
        name: p.name,
        phone: p.phone,
        email: i < CLIENT_COUNT || p.channel === 'demo-webchat' ? p.email : null,
        clientId: i < CLIENT_COUNT ? clientIds[i] : null,
        createdAt: p.createdAt,
      })))
      .returning({ id: contacts.id, name: contacts.name });
    const contactIds = people.map((p) => contactRows.find((r) => r.name === p.name)!.id);

    await tx.insert(contactIdentities).values(
      people.map((p, i) => ({ providerId, channelId: p.channel, externalId: p.externalId, contactId: contactIds[i] })),
    );

    // Conversations: 20 live (one per contact at most) and 20 closed over the last 30 days.
    const states: Situacao[] = [
      ...Array<Situacao>(8).fill('fila'),
      ...Array<Situacao>(10).fill('chat'),
      ...Array<Situacao>(2).fill('bot'),
      ...Array<Situacao>(20).fill('finalizada'),
    ];
    const liveContacts = shuffle(rng, PEOPLE.map((_, i) => i)).slice(0, 20);
    const closedContacts = shuffle(rng, PEOPLE.map((_, i) => i)).slice(0, 20);

    const planned: PlannedConversation[] = states.map((situacao, n) => {
      const contact = situacao === 'finalizada' ? closedContacts[n - 20] : liveContacts[n];
      let scriptKey = SCRIPT_ROTATION[n % SCRIPT_ROTATION.length];
      if (contact < CLIENT_COUNT && BLOCKED[contact] === 'bloqueado_atraso') scriptKey = pick(rng, DEBT_SCRIPTS);
      const script = SCRIPTS[scriptKey];
      const responsavel =
        situacao === 'chat' || situacao === 'finalizada'
          ? pick(rng, RESPONDERS.filter((k) => USERS.find((u) => u.key === k)!.sectors.includes(script.sector)))
          : null;

      // Lines with offsets from startedAt (ms).
      const lines: PlannedLine[] = [];
      let t = 0;
      const add = (kind: Kind, text: string, gap: number) => {
        t += gap;
        lines.push({ kind, text, at: t });
      };
      add('in', pick(rng, GREETINGS), 0);
      add('system', PROVIDER_PROTOCOL_MESSAGE.replace('{{protocolo}}', '{protocolo}'), int(rng, 1, 4) * 1000);
      if (situacao === 'bot') {
        add('bot', BOT_MENU, int(rng, 1, 3) * 1000);
        add('in', pick(rng, ['2', '1', 'quero falar com atendente', '3']), int(rng, 20, 120) * 1000);
      } else {
        for (const text of script.opening) add('in', text, int(rng, 15, 120) * 1000);
        if (situacao !== 'fila') {
          let dialogue = script.dialogue;
          if (situacao === 'chat') {
            let end = int(rng, 1, dialogue.length - 1);
            if (dialogue[end - 1][0] === 'note') end++; // a chat does not stop on an internal note
            dialogue = dialogue.slice(0, end);
          }
          // Time waiting in the queue before an agent assumes.
          t += int(rng, 1, 18) * MINUTE;
          for (const [kind, text] of dialogue) {
            const gap = kind === 'note' ? int(rng, 20, 60) : kind === 'out' ? int(rng, 40, 240) : int(rng, 60, 360);
            add(kind, text, gap * 1000);
          }
          if (situacao === 'finalizada') {
            add('out', FAREWELL, int(rng, 60, 180) * 1000);
            add('system', PROVIDER_CLOSING_MESSAGE, int(rng, 5, 30) * 1000);
          }
        }
      }

      let startedAt: number;
      const duration = lines[lines.length - 1].at;
      if (lines.length < 4 || lines.length > 14) throw new Error(`seed: ${lines.length} messages in a conversation`);
      if (situacao === 'finalizada') {
        // Spread over the last 30 days, during business hours (08h–21h in Brasília, UTC−3).
        const daysBack = Math.max(1, 1 + Math.floor(((n - 20) * 29) / 19) - (rng() < 0.3 ? 1 : 0));
        const day = new Date(now - daysBack * DAY);
        day.setUTCHours(11 + int(rng, 0, 12), int(rng, 0, 59), int(rng, 0, 59), 0);
        startedAt = day.getTime();
        // Well before today's live attendances of the same contact.
        if (startedAt + duration > now - 6 * HOUR) startedAt = now - 6 * HOUR - duration;
      } else {
        const lastAgo =
          situacao === 'fila' ? int(rng, 1, 50) * MINUTE
          : situacao === 'chat' ? int(rng, 1, 90) * MINUTE
          : int(rng, 1, 8) * MINUTE;
        startedAt = now - lastAgo - duration - int(rng, 0, 20) * 1000;
      }

      let convTags: string[] = [];
      if ((situacao === 'chat' || situacao === 'finalizada') && rng() < 0.55) {
        convTags = script.tags.slice(0, int(rng, 1, 2));
        if (contact < CLIENT_COUNT && rng() < 0.35) convTags = [...convTags.slice(0, 1), 'VIP'];
      }

      return { contact, situacao, script, responsavel, lines, startedAt: new Date(startedAt), tags: convTags };
    });

    // Protocols follow the order in which attendances started, per (UTC) day, like nextProtocolo.
    planned.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const counters = new Map<string, number>();
    for (const c of planned) {
      const day = c.startedAt.toISOString().slice(0, 10);
      const next = (counters.get(day) ?? 0) + 1;
      counters.set(day, next);
      c.protocolo = `${day.replaceAll('-', '')}-${String(next).padStart(6, '0')}`;
    }
    await tx
      .insert(protocolCounters)
      .values([...counters].map(([day, last]) => ({ providerId, day, last })));

    const render = (c: PlannedConversation, text: string) => {
      const person = people[c.contact];
      const plan = c.contact < CLIENT_COUNT ? contractValues[c.contact].plan : 'Fibra 300 Mega';
      const due = c.contact < CLIENT_COUNT ? contractValues[c.contact].dueDay : 10;
      const thanks = person.g === 'f' ? 'obrigada' : 'obrigado';
      const hour = (c.startedAt.getUTCHours() + 21) % 24; // UTC−3
      const period = hour >= 5 && hour < 12 ? 'bom dia' : hour >= 12 && hour < 18 ? 'boa tarde' : 'boa noite';
      return text
        .replaceAll('{periodo}', period)
        .replaceAll('{Periodo}', period[0].toUpperCase() + period.slice(1))
        .replaceAll('{primeiro_nome}', person.first)
        .replaceAll('{atendente}', c.responsavel ? agentFirstName(c.responsavel) : '')
        .replaceAll('{protocolo}', c.protocolo!)
        .replaceAll('{plano_novo}', UPGRADE[plan])
        .replaceAll('{plano}', plan)
        .replaceAll('{vencimento}', String(due))
        .replaceAll('{obrigado}', thanks)
        .replaceAll('{Obrigado}', thanks[0].toUpperCase() + thanks.slice(1));
    };

    const conversationValues = planned.map((c) => {
      const at = (line: PlannedLine) => new Date(c.startedAt.getTime() + line.at);
      // Internal notes do not move the conversation in the list.
      const last = c.lines.filter((l) => l.kind !== 'note').at(-1)!;
      const firstAgent = c.lines.find((l) => l.kind === 'out');
      let unread = 0;
      if (c.situacao !== 'finalizada') {
        for (let i = c.lines.length - 1; i >= 0 && c.lines[i].kind === 'in'; i--) unread++;
      }
      const assumedAt = firstAgent ? new Date(at(firstAgent).getTime() - int(rng, 15, 90) * 1000) : null;
      return {
        providerId,
        contactId: contactIds[c.contact],
        channelId: people[c.contact].channel,
        situacao: c.situacao,
        sectorId: c.situacao === 'bot' ? null : sectorId(c.script.sector),
        motivoId: c.situacao === 'finalizada' ? motivoId(c.script.motivo) : null,
        responsavelId: c.responsavel ? userId(c.responsavel) : null,
        clientId: c.contact < CLIENT_COUNT ? clientIds[c.contact] : null,
        contractId: c.contact < CLIENT_COUNT ? contractIds[c.contact] : null,
        protocolo: c.protocolo!,
        unreadCount: unread,
        lastMessageAt: at(last),
        lastMessagePreview: render(c, last.text).slice(0, 140),
        startedAt: c.startedAt,
        queuedAt: c.situacao === 'bot' ? null : c.startedAt,
        assumedAt,
        firstResponseAt: firstAgent ? at(firstAgent) : null,
        closedAt: c.situacao === 'finalizada' ? at(last) : null,
        createdBy: null,
      };
    });
    const conversationRows = await tx
      .insert(conversations)
      .values(conversationValues)
      .returning({ id: conversations.id, protocolo: conversations.protocolo });
    const conversationIds = planned.map((c) => conversationRows.find((r) => r.protocolo === c.protocolo)!.id);

    // Messages, events and tags, each inserted in time order so ids follow time.
    let inbound = 0;
    const messageValues: (typeof messages.$inferInsert)[] = [];
    const eventValues: (typeof conversationEvents.$inferInsert)[] = [];
    const tagValues: (typeof conversationTags.$inferInsert)[] = [];
    planned.forEach((c, i) => {
      const conversationId = conversationIds[i];
      const conv = conversationValues[i];
      const channelId = conv.channelId;
      const agent = c.responsavel ? userId(c.responsavel) : null;
      const lastOut = c.lines.reduce((acc, l, idx) => (l.kind === 'out' ? idx : acc), -1);
      c.lines.forEach((line, idx) => {
        const base = {
          providerId,
          conversationId,
          contactId: conv.contactId,
          channelId,
          type: 'text' as const,
          body: render(c, line.text),
          createdAt: new Date(c.startedAt.getTime() + line.at),
        };
        if (line.kind === 'in') {
          inbound++;
          const prefix = channelId === 'demo-whatsapp' ? 'wamid.demo' : channelId === 'demo-telegram' ? 'tg.demo' : 'web.demo';
          messageValues.push({ ...base, direction: 'in', authorKind: 'contact', providerMessageId: `${prefix}-${inbound}` });
        } else if (line.kind === 'note') {
          messageValues.push({ ...base, direction: 'internal', authorKind: 'agent', authorUserId: agent, type: 'note' });
        } else {
          const authorKind = line.kind === 'out' ? 'agent' : line.kind;
          // The last agent message of an open chat may not have been read yet.
          const status = c.situacao === 'chat' && idx === lastOut && rng() < 0.6 ? 'delivered' : 'read';
          messageValues.push({
            ...base,
            direction: 'out',
            authorKind,
            authorUserId: line.kind === 'out' ? agent : null,
            status,
          });
        }
      });

      eventValues.push({
        providerId,
        conversationId,
        type: 'opened',
        actorUserId: null,
        data: { situacao: c.situacao === 'bot' ? 'bot' : 'fila', sectorId: conv.sectorId, responsavelId: null },
        createdAt: c.startedAt,
      });
      if (agent && conv.assumedAt) {
        eventValues.push({
          providerId,
          conversationId,
          type: 'assumed',
          actorUserId: agent,
          data: { responsavelId: agent },
          createdAt: conv.assumedAt,
        });
        const taggedAt = new Date(conv.firstResponseAt!.getTime() + 20_000);
        for (const name of c.tags) {
          tagValues.push({ providerId, conversationId, tagId: tagId(name), createdAt: taggedAt });
          eventValues.push({
            providerId,
            conversationId,
            type: 'tag_added',
            actorUserId: agent,
            data: { tagId: tagId(name), tag: name },
            createdAt: taggedAt,
          });
        }
      }
      if (c.situacao === 'finalizada') {
        const closedAt = conv.closedAt!;
        eventValues.push({
          providerId,
          conversationId,
          type: 'motivo_set',
          actorUserId: agent,
          data: { motivoId: conv.motivoId, motivo: c.script.motivo },
          createdAt: new Date(closedAt.getTime() - 60_000),
        });
        eventValues.push({
          providerId,
          conversationId,
          type: 'closed',
          actorUserId: agent,
          data: { motivoId: conv.motivoId },
          createdAt: closedAt,
        });
      }
    });

    const byTime = (a: { createdAt?: Date | null }, b: { createdAt?: Date | null }) =>
      a.createdAt!.getTime() - b.createdAt!.getTime();
    await tx.insert(messages).values(messageValues.sort(byTime));
    await tx.insert(conversationEvents).values(eventValues.sort(byTime));
    if (tagValues.length > 0) await tx.insert(conversationTags).values(tagValues.sort(byTime));

    return { seeded: true };
  });
}
