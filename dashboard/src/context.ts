import { createContext } from 'svelte';
import type { Dashboard } from './state/dashboard.svelte.js';

/**
 * The dashboard's one state, shared through Svelte context: App sets it once and any
 * component below reads it with `getDashboard()` instead of taking it as a prop.
 */
export const [getDashboard, setDashboard] = createContext<Dashboard>();
