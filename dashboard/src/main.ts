import { mount } from 'svelte';
// The shared styles first, so a component's own rules come after them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/surfaces.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
mount(App, { target });
