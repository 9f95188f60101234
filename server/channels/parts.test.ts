import { describe, expect, it } from 'vitest';
import type { MessageRow } from './channel.js';
import { sendParts, splitText } from './parts.js';

describe('splitting a long text', () => {
  it('leaves a text within the limit whole', () => {
    expect(splitText('Olá, tudo bem?', 20)).toEqual(['Olá, tudo bem?']);
  });

  it('cuts at the last line break near the limit, then at a space, dropping the break', () => {
    expect(splitText('aaaaaaaa\nbbbbbbbbb', 10)).toEqual(['aaaaaaaa', 'bbbbbbbbb']);
    expect(splitText('aaaaaaaaa bbbbbbbbb', 10)).toEqual(['aaaaaaaaa', 'bbbbbbbbb']);
    // A break early in the window would leave a short part: the space near the limit wins.
    expect(splitText('aa\naaaaa aaa bbbb', 10)).toEqual(['aa\naaaaa', 'aaa bbbb']);
  });

  it('cuts mid-word when there is no break, never inside an emoji', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const parts = splitText(`${'x'.repeat(9)}😀yy`, 10);
    expect(parts).toEqual(['x'.repeat(9), '😀yy']);
    expect(parts.every((p) => p.length <= 10)).toBe(true);
  });
});

describe('sending in parts', () => {
  const message = (meta: unknown) => ({ meta }) as MessageRow;

  it('answers the first part\'s id and records every part as it goes', async () => {
    const recorded: string[] = [];
    const result = await sendParts({ message: message(null), partSent: async (id) => void recorded.push(id) }, [async () => 'a', async () => 'b']);
    expect(result).toEqual({ providerMessageId: 'a' });
    expect(recorded).toEqual(['a', 'b']);
  });

  it('sends only the parts an earlier attempt did not', async () => {
    const calls: string[] = [];
    const send = (id: string) => async () => (calls.push(id), id);
    const result = await sendParts({ message: message({ parts: ['a'] }) }, [send('a'), send('b'), send('c')]);
    expect(calls).toEqual(['b', 'c']);
    expect(result.providerMessageId).toBe('a');
  });

  it('records nothing for a message that goes whole', async () => {
    const recorded: string[] = [];
    await sendParts({ message: message(null), partSent: async (id) => void recorded.push(id) }, [async () => 'a']);
    expect(recorded).toEqual([]);
  });
});
