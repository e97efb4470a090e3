import { render } from 'preact';
import '../../components/theme.css';
import '../../components/dashboard.css';
import './options.css';
import { followThemeSetting } from '../../utils/theme';
import { App } from './App';

followThemeSetting();
const root = document.getElementById('app');
if (root) render(<App />, root);
