/*
 * Asks before a submit that cannot be undone (closing a campaign, cancelling an audit,
 * revoking a token, closing a call case…): a form or the submit button pressed carries
 * data-confirm with the question. Without JavaScript the action goes ahead unasked.
 */
document.addEventListener('submit', (event) => {
  const question = event.submitter?.dataset.confirm ?? event.target.dataset?.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
