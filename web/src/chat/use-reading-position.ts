// Where the agent reads a conversation: at the bottom, new messages keep her there; scrolled up, they
// wait below a "Novas mensagens" line and button instead of moving the text she reads. Reaching the
// top loads the older page, and the messages she was reading stay where they were.
import { useEffect, useLayoutEffect, useRef, useState, type RefObject, type UIEvent } from 'react';

/** How near the bottom still counts as "at the bottom", and how near the top starts the older page. */
const NEAR_BOTTOM = 80;
const NEAR_TOP = 200;

export interface ReadingPosition {
  onScroll(event: UIEvent<HTMLElement>): void;
  /** The first item that arrived while the agent was scrolled up (where the marker line goes). */
  firstUnseen: string | null;
  /** Whether the "Novas mensagens" button shows: something arrived below and she is not there yet. */
  unseenBelow: boolean;
  toBottom(): void;
  /** A search result was brought into view: stop following the bottom. */
  release(): void;
}

export function useReadingPosition(scroller: RefObject<HTMLElement | null>, {
  keys, newest: newestKind, hasOlder, loadingOlder, loadOlder,
}: {
  /** The items' keys, oldest first. */
  keys: string[];
  /** What the newest item is: her own message (she just sent it) brings her to the bottom; a
   * timeline event (assumed, tagged) is no news to announce. */
  newest: 'mine' | 'theirs' | 'event' | undefined;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder(): void;
}): ReadingPosition {
  const stick = useRef(true);
  /** The distance from the content's end to the view's top, as of the last scroll: what a page
   * added above must not change. */
  const fromEnd = useRef<number | null>(null);
  const [firstUnseen, setFirstUnseen] = useState<string | null>(null);
  const [unseenBelow, setUnseenBelow] = useState(false);
  const oldest = keys[0];
  const newest = keys.at(-1);
  const previous = useRef<{ oldest?: string; newest?: string; keys: string[] }>({ keys: [] });

  useLayoutEffect(() => {
    const el = scroller.current;
    const before = previous.current;
    previous.current = { oldest, newest, keys };
    if (!el) return;
    // An older page came in above: keep the same messages in view.
    if (before.oldest !== undefined && oldest !== before.oldest) {
      if (stick.current) el.scrollTop = el.scrollHeight;
      else if (fromEnd.current !== null) el.scrollTop = el.scrollHeight - fromEnd.current;
    }
    if (newest === before.newest) return;
    if (stick.current || newestKind === 'mine' || before.newest === undefined) {
      el.scrollTop = el.scrollHeight;
      stick.current = true;
      setUnseenBelow(false);
      if (newestKind === 'mine') setFirstUnseen(null);
      return;
    }
    if (newestKind !== 'theirs') return;
    // Arrived while she reads above: mark where the new ones start, once per stay away from the bottom.
    const at = before.newest === undefined ? -1 : keys.indexOf(before.newest);
    const first = at === -1 ? newest : keys[at + 1] ?? newest;
    if (!unseenBelow) setFirstUnseen(first ?? null);
    setUnseenBelow(true);
  }, [oldest, newest, keys.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const maybeLoadOlder = () => {
    const el = scroller.current;
    if (el && el.scrollTop < NEAR_TOP && hasOlder && !loadingOlder) loadOlder();
  };
  // A short page leaves the top in view with nothing to scroll: keep loading until the view is full.
  useEffect(maybeLoadOlder, [oldest, hasOlder, loadingOlder]); // eslint-disable-line react-hooks/exhaustive-deps

  return {
    onScroll(event) {
      const el = event.currentTarget;
      fromEnd.current = el.scrollHeight - el.scrollTop;
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
      if (stick.current && unseenBelow) setUnseenBelow(false);
      maybeLoadOlder();
    },
    firstUnseen,
    unseenBelow,
    toBottom() {
      const el = scroller.current;
      if (!el) return;
      stick.current = true;
      el.scrollTop = el.scrollHeight;
      setUnseenBelow(false);
    },
    release() {
      stick.current = false;
    },
  };
}
