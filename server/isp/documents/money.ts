// Money as Brazilians read it on a boleto or a nota.
const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** 123456 → "R$ 1.234,56", with a plain space (Intl puts a no-break space after R$). */
export const formatBRL = (cents: number) => brl.format(cents / 100).replace(/\u00a0/g, ' ');
