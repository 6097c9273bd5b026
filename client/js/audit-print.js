// Printing the projection shows every folded section (indicator detail, formulas).
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('.projection details').forEach(function (d) {
    d.open = true;
  });
});
