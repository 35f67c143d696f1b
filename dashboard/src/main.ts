import { mount } from 'svelte';
// The shared styles first, so a component's own rules come after them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/surfaces.css';
import App from './App.svelte';
import { takeAdminLink } from './state/admin-link.js';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
// Before the app reads the route: an admin link's hash is a token, not a page.
takeAdminLink(window.location, window.history);
mount(App, { target });
