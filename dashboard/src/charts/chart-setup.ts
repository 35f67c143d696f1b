import { Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

// Only the parts the dashboard draws: line charts on linear axes, filled areas, legend, tooltip.
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.font.size = 11;

/** Chart.js with only the registered parts; import it from here so registration always ran. */
export { Chart };

/** Line colours, distinguishable in light and dark themes. */
const PALETTE = ['#2f7ed8', '#e4572e', '#17a589', '#a56cc1', '#f0a202', '#5d6d7e', '#d81b60', '#00897b', '#7cb342', '#8d6e63'] as const;

/** Colour for the n-th line of a chart. */
export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Text and grid colours of the current theme, read from the page's CSS variables. */
export function themeColors(): { text: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  return { text: style.getPropertyValue('--muted').trim() || '#666', grid: style.getPropertyValue('--grid').trim() || '#ddd' };
}
