// Live updates: the server pushes `scores:changed` (already coalesced per site every
// 500 ms); we debounce again so one client fetches at most a few times a second,
// and fetch once more after a reconnect to catch up on what we missed.
const DEBOUNCE_MS = 150;
const MIN_GAP_MS = 400;

export function connectLive({ siteId, onChange, onState }) {
  if (typeof window.io !== 'function') return null;
  const socket = window.io({ transports: ['websocket', 'polling'] });
  let timer = null;
  let last = 0;
  const schedule = () => {
    if (timer) return;
    const wait = Math.max(DEBOUNCE_MS, last + MIN_GAP_MS - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      onChange();
    }, wait);
  };
  let connectedBefore = false;
  socket.on('connect', () => {
    onState('live');
    if (connectedBefore) schedule();
    connectedBefore = true;
  });
  socket.on('disconnect', (reason) => {
    onState('reconnecting');
    // The client reconnects by itself after network trouble, but not after the server closed it
    // (e.g. a restart or a deploy): then we ask again, a little later.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
  });
  socket.on('connect_error', () => onState('reconnecting'));
  // Scores move with counted responses; case figures (beside the scores) with case changes.
  for (const name of ['scores:changed', 'cases:changed']) {
    socket.on(name, (event) => {
      // A page filtered on one site ignores the others.
      if (siteId && event && event.siteId && event.siteId !== siteId) return;
      schedule();
    });
  }
  return socket;
}
