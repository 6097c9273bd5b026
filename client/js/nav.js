/*
 * The header's menus behave as menus do: the drop-down groups and, on a phone,
 * the compact menu panel that holds them. Opening a group closes the other
 * groups; a click or tap elsewhere closes every open menu it is not inside;
 * Escape closes the innermost open menu and returns focus to its button.
 * Without JavaScript they stay plain <details>, opened and closed by their own
 * button. On a desktop the compact panel's button is hidden and its contents
 * always show, so closing it there changes nothing on screen.
 */
const MENUS = 'details.nav-group[open], details.nav-compact[open]';
const openMenus = () => [...document.querySelectorAll(MENUS)];

document.addEventListener(
  'toggle',
  (event) => {
    const opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.matches('.nav-group') || !opened.open) return;
    for (const other of document.querySelectorAll('details.nav-group[open]')) if (other !== opened) other.open = false;
  },
  true,
);

document.addEventListener('click', (event) => {
  for (const open of openMenus()) if (!open.contains(event.target)) open.open = false;
});

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const menus = openMenus();
  // Innermost first: a group open inside the phone panel closes before the panel.
  const holdingFocus = menus.filter((menu) => menu.contains(document.activeElement)).pop();
  if (holdingFocus) {
    holdingFocus.open = false;
    holdingFocus.querySelector('summary')?.focus();
    return;
  }
  for (const menu of menus) menu.open = false;
});
