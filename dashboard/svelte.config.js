/** Svelte options; the defaults suffice (TypeScript in <script lang="ts"> needs no preprocessor in Svelte 5). */
export default {};
