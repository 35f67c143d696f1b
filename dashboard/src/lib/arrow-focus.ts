/**
 * Arrow-key navigation over the host links of the overview: in a list (the
 * table) Up and Down move one row; in a grid (the cards) Left and Right move one
 * card and Up and Down one line of cards; Home and End go to the first and last.
 * Tab still walks every link, so this only adds speed. Call it from a link's
 * keydown; `containerSelector` names the list or grid around it.
 */
export function moveFocusByArrows(event: KeyboardEvent & { currentTarget: HTMLElement }, containerSelector: string, selector: string, layout: 'list' | 'grid'): void {
  const container = event.currentTarget.closest(containerSelector);
  if (!container) return;
  const links = [...container.querySelectorAll<HTMLElement>(selector)];
  const current = links.indexOf(document.activeElement as HTMLElement);
  if (current < 0) return;
  const step = layout === 'grid' ? perLine(links) : 1;
  const moves: Record<string, number> = {
    ArrowDown: current + step,
    ArrowUp: current - step,
    Home: 0,
    End: links.length - 1,
    ...(layout === 'grid' ? { ArrowRight: current + 1, ArrowLeft: current - 1 } : {}),
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
