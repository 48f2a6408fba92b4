/**
 * The panel's only script, an enhancement: every page works without it. A field whose suggestions follow another
 * field's choice (a target's kind) offers the list of the choice as soon as it changes, without drawing the page again.
 */
export const PANEL_SCRIPT = `for (const input of document.querySelectorAll('input[data-list-follows]')) {
  const chooser = document.getElementById(input.dataset.listFollows);
  if (chooser) chooser.addEventListener('change', () => input.setAttribute('list', input.id + '-list-' + chooser.value));
}
`;
