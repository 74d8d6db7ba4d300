// The console's pages work without scripts; this file only adds confirmations and small conveniences.
(function () {
  'use strict';
  // A form marked data-confirm asks before it is sent (archive, erase, consent override).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
})();
