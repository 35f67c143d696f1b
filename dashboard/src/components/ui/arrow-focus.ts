/**
 * Arrow-key navigation over the host cards of the overview: Left and Right move
 * one card, Up and Down one line of cards, Home and End go to the first and last.
 * Tab still walks every card, so this only adds speed. Call it from a card's
 * keydown; `containerSelector` names the grid around it. (The table moves between
 * its rows itself, as it draws only those in view.)
 */
export function moveFocusInGrid(event: KeyboardEvent & { currentTarget: HTMLElement }, containerSelector: string, selector: string): void {
  const container = event.currentTarget.closest(containerSelector);
  if (!container) return;
  const links = [...container.querySelectorAll<HTMLElement>(selector)];
  const current = links.indexOf(document.activeElement as HTMLElement);
  if (current < 0) return;
  const step = perLine(links);
  const moves: Record<string, number> = {
    ArrowDown: current + step,
    ArrowUp: current - step,
    ArrowRight: current + 1,
    ArrowLeft: current - 1,
    Home: 0,
    End: links.length - 1,
  };
  const target = moves[event.key];
  if (target === undefined) return;
  event.preventDefault();
  const next = links[Math.max(0, Math.min(links.length - 1, target))];
  next?.focus();
  next?.scrollIntoView({ block: 'nearest' });
}

/** How many grid items share the first line: those laid out at the first one's height. */
function perLine(items: HTMLElement[]): number {
  const top = items[0]?.offsetTop;
  let count = 0;
  while (count < items.length && items[count]!.offsetTop === top) count++;
  return Math.max(1, count);
}
