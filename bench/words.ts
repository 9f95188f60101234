// The words of the benchmark data set: Brazilian names with their accents and the Portuguese
// sentences of a provider's desk. Only "boleto" sentences contain the word (or any word that stems
// like it), so its frequency is decided by the seed alone.

export const FIRST_NAMES = [
  'João', 'José', 'Maria', 'Ana', 'Antônio', 'Francisco', 'Luís', 'Gabriel', 'Júlia', 'Letícia',
  'Lúcia', 'Sérgio', 'Fábio', 'Márcio', 'Vitória', 'Beatriz', 'Inês', 'Cecília', 'Patrícia', 'Cláudia',
  'Rafael', 'Pedro', 'Tânia', 'Mônica', 'Débora', 'Otávio', 'Thaís', 'Flávia', 'Sebastião', 'Raimundo',
  'Vinícius', 'Jéssica',
];

// 16 surnames, two distinct ones per contact: "Conceição" is in 2 of 16 slots, so about 1 contact
// in 8 is found by "conceicao" (BENCH.md: 50k of 400k contacts at 1M conversations).
export const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Conceição', 'Gonçalves', 'Araújo', 'Ribeiro',
  'Pereira', 'Lima', 'Fernandes', 'Magalhães', 'Assunção', 'Guimarães', 'Brandão', 'Falcão',
];

export const DDDS = ['11', '19', '21', '27', '31', '41', '47', '48', '51', '61', '62', '71', '81', '85', '91', '92'];

/** The rare word: about one message in 50,000 (200 at 1M conversations) is this sentence, spread over
 * the year — the provider-wide search's "rare word" figure. No other sentence stems like it. */
export const RARE_WORD = 'reembolso';
export const RARE_SENTENCE = 'Quero saber do reembolso da taxa de instalação.';
/** A word no message holds: the provider-wide search's trap (BENCH.md). */
export const ABSENT_WORD = 'antena';

/** What a contact writes. */
export const CONTACT_SENTENCES = [
  'Boa tarde, minha internet está sem conexão desde ontem.',
  'O roteador fica piscando a luz vermelha.',
  'Já reiniciei o modem e não voltou.',
  'A velocidade está muito abaixo do contratado.',
  'Quero mudar o meu plano para 500 mega.',
  'Vocês atendem no meu bairro?',
  'O técnico pode vir amanhã de manhã?',
  'A conexão cai toda noite por volta das nove horas.',
  'Obrigado pela ajuda, funcionou!',
  'Qual é o horário de atendimento da loja?',
  'Meu Wi-Fi não aparece no celular.',
  'Gostaria de cancelar o serviço, vou me mudar de cidade.',
];

/** What an agent answers. */
export const AGENT_SENTENCES = [
  'Olá! Vou verificar o seu acesso, um momento por favor.',
  'Identifiquei uma instabilidade na sua região, a equipe já está trabalhando.',
  'Pode desligar o equipamento da tomada por trinta segundos?',
  'Agendei a visita técnica para amanhã entre oito e doze horas.',
  'Seu plano atual é de 300 mega.',
  'Atendemos sim, vou passar para o setor comercial.',
  'A sua conexão foi normalizada, pode testar?',
  'Posso ajudar em algo mais?',
  'Encaminhei a sua solicitação ao setor responsável.',
  'Nosso horário é de segunda a sábado, das oito às dezoito.',
];

export const CONTACT_BOLETO = [
  'Preciso da segunda via do boleto deste mês.',
  'Paguei o boleto ontem, quando libera a internet?',
  'O boleto veio com valor errado.',
];

export const AGENT_BOLETO = [
  'Segue a segunda via do boleto com vencimento atualizado.',
  'O pagamento do boleto é compensado em até dois dias úteis.',
  'Enviei o boleto para o seu e-mail cadastrado.',
];

export const AGENTS = [
  'Ana Beatriz Araújo', 'Bruno Gonçalves', 'Camila Simões', 'Diego Magalhães', 'Érica Falcão',
  'Fábio Guimarães', 'Gisele Brandão', 'Hélio Assunção', 'Íris Loureiro', 'Júlio César Prado',
];

/** A SQL text[] literal. */
export function sqlArray(items: readonly string[]): string {
  return `ARRAY[${items.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
}
