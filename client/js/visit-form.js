/*
 * Visit form: a checklist item's comment box shows only once "no" is picked (or
 * when it already holds text or an error). Without this script every box shows,
 * and the server still requires a comment for every "no".
 */
(function () {
  'use strict';
  var boxes = document.querySelectorAll('[data-comment-for]');
  Array.prototype.forEach.call(boxes, function (box) {
    var id = box.getAttribute('data-comment-for');
    var radios = document.querySelectorAll('input[type=radio][name="a_' + id + '"]');
    var text = box.querySelector('textarea');
    function update() {
      var no = document.querySelector('input[type=radio][name="a_' + id + '"][value="no"]:checked');
      var open = !!no || (text && text.value.trim() !== '') || box.classList.contains('q-invalid');
      box.hidden = !open;
    }
    Array.prototype.forEach.call(radios, function (r) {
      r.addEventListener('change', function () {
        update();
        if (r.value === 'no' && r.checked && text) text.focus();
      });
    });
    box.removeAttribute('data-closed');
    update();
  });
})();
