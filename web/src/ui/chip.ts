// A tag's chip in the colour an administrator chose, its words in white or in ink, whichever reads
// better on it (WCAG's contrast ratio): white on a light amber could not be read.
import type { CSSProperties } from 'react';

const INK = '#0f172a';

export function chipStyle(color: string): CSSProperties {
  return { '--chip': color, '--chip-text': contrast(color, '#ffffff') >= contrast(color, INK) ? '#ffffff' : INK } as CSSProperties;
}

function luminance(hex: string): number {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return 0;
  const [r, g, b] = [0, 2, 4].map((at) => {
    const c = parseInt(match[1].slice(at, at + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
