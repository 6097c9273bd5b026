/*
 * The header's drop-down groups behave as menus do: opening one closes the
 * others, and a click elsewhere or Escape closes it (Escape returns focus to
 * its button). Without JavaScript they stay plain <details>, opened and closed
 * by their own button.
 */
const groups = () => [...document.querySelectorAll('details.nav-group[open]')];

document.addEventListener(
  'toggle',
  (event) => {
    const opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.matches('.nav-group') || !opened.open) return;
    for (const other of groups()) if (other !== opened) other.open = false;
  },
  true,
);

document.addEventListener('click', (event) => {
  for (const open of groups()) if (!open.contains(event.target)) open.open = false;
});

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  for (const open of groups()) {
    const hadFocus = open.contains(document.activeElement);
    open.open = false;
    if (hadFocus) open.querySelector('summary')?.focus();
  }
});
