/*
 * Skip logic in the browser: hides questions whose data-show-if condition is not met
 * by the answers so far. Same rules as server/services/templates/skipLogic.ts; the
 * server re-applies them on submit, so without this script every question simply shows.
 */
(function () {
  'use strict';
  var form = document.querySelector('form.survey');
  if (!form) return;
  var questions = Array.prototype.slice.call(form.querySelectorAll('[data-qid]'));

  function answerOf(q) {
    var values = [];
    Array.prototype.forEach.call(q.querySelectorAll('input, textarea, select'), function (el) {
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      if (el.type === 'file' || el.type === 'hidden') return;
      if (String(el.value).trim() !== '') values.push(el.value);
    });
    // A multiple-choice answer is a list even with one box ticked.
    return q.querySelector('input[type=checkbox]') ? values : values[0];
  }

  function same(a, w) {
    return typeof w === 'number' ? Number(a) === w : String(a) === String(w);
  }

  function met(cond, answer) {
    if (answer === undefined || (Array.isArray(answer) && answer.length === 0)) return false;
    var given = Array.isArray(answer) ? answer : [answer];
    var wanted = Array.isArray(cond.value) ? cond.value : [cond.value];
    var hit = given.some(function (a) {
      return wanted.some(function (w) {
        return same(a, w);
      });
    });
    if (cond.op === 'eq' || cond.op === 'in') return hit;
    if (cond.op === 'ne') return !hit;
    if (Array.isArray(answer)) return false;
    var w = wanted[0];
    var d = typeof w === 'number' ? Number(answer) - w : String(answer).localeCompare(String(w));
    if (isNaN(d)) return false;
    return cond.op === 'lte' ? d <= 0 : d >= 0;
  }

  function update() {
    var shown = {};
    questions.forEach(function (q) {
      var raw = q.getAttribute('data-show-if');
      var visible = true;
      if (raw) {
        var cond = JSON.parse(raw);
        visible = Object.prototype.hasOwnProperty.call(shown, cond.questionId) && met(cond, shown[cond.questionId]);
      }
      q.hidden = !visible;
      // Hidden answers are not posted; the server would drop them anyway.
      Array.prototype.forEach.call(q.querySelectorAll('input, textarea, select'), function (el) {
        el.disabled = !visible;
      });
      if (visible) shown[q.getAttribute('data-qid')] = answerOf(q);
    });
    // A section whose every question is skipped would show a bare heading.
    Array.prototype.forEach.call(form.querySelectorAll('.survey-section'), function (s) {
      s.hidden = !s.querySelector('[data-qid]:not([hidden])');
    });
  }

  form.addEventListener('change', update);
  form.addEventListener('input', update);
  update();
})();
