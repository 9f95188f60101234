// What a search box holds, and the term to search for: the text trimmed, once typing paused (no
// request per keystroke).
import { useEffect, useState } from 'react';

export function useTypedTerm(initial = '', pauseMs = 300) {
  const [text, setText] = useState(initial);
  const [term, setTerm] = useState(initial.trim());
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), pauseMs);
    return () => clearTimeout(timer);
  }, [text, pauseMs]);
  return { text, setText, term };
}
