/* Reads a chosen template JSON file into the import textarea; without JavaScript, paste the text instead. */
(function () {
  'use strict';
  var row = document.getElementById('import-file-row');
  var file = document.getElementById('import-file');
  var text = document.getElementById('import-json');
  if (!row || !file || !text || !window.FileReader) return;
  row.hidden = false;
  file.addEventListener('change', function () {
    var chosen = file.files && file.files[0];
    if (!chosen) return;
    var reader = new FileReader();
    reader.onload = function () {
      text.value = String(reader.result);
    };
    reader.readAsText(chosen);
  });
})();
