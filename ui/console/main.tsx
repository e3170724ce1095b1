import { render } from 'preact';
import { loadSession } from '../api/session.js';
import '../styles/base.css';
import { App } from './app.js';

void loadSession();
render(<App />, document.getElementById('app')!);
