// Dashboard pages: the server renders every figure; this script draws the charts,
// and re-fetches the page's JSON when the server says scores changed (socket.io).
import { applyFigures } from './dashboard-figures.js';
import { renderers } from './dashboard-charts.js';
import { connectLive } from './dashboard-live.js';

const root = document.getElementById('dashboard');
const text = JSON.parse(document.getElementById('dashboard-text').textContent);
const initial = JSON.parse(document.getElementById('dashboard-data').textContent);
const kind = root.dataset.kind;
const state = document.getElementById('live-state');

let running = false;
let again = false;
let refreshes = 0;

function render(data) {
  applyFigures(root, data, text);
  const draw = renderers[kind];
  if (draw) draw(data, text);
  root.dataset.refreshes = String(refreshes);
}

// One fetch at a time; a change announced meanwhile triggers exactly one more.
async function refresh() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    const res = await fetch(root.dataset.api, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (res.ok) {
      refreshes += 1;
      render(await res.json());
      if (state) state.dataset.updatedAt = new Date().toISOString();
    }
  } catch {
    // Offline for a moment: the reconnect handler fetches again.
  } finally {
    running = false;
    if (again) {
      again = false;
      void refresh();
    }
  }
}

function showState(name) {
  if (!state) return;
  state.hidden = false;
  state.textContent = text[name] ?? name;
  state.className = `live-state ${name}`;
}

render(initial);
connectLive({ siteId: root.dataset.siteId || null, onChange: refresh, onState: showState });
