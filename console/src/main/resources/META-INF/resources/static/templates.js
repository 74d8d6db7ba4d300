// Template editor: as the user types in any field (a template part, a locale, the sample data, the profile id or
// the preview locale), the preview of the draft is rendered again (debounced), through the console's JSON preview
// endpoint, which answers the preview panel as HTML. The page works without this file (the Preview button).
(function () {
  'use strict';
  var form = document.getElementById('template-form');
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute('data-preview-url');
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  var result = document.getElementById('preview-result');
  var timer = null;
  var sent = 0;

  function refresh() {
    var mine = ++sent;
    fetch(url, {
      method: 'POST', credentials: 'same-origin', body: new URLSearchParams(new FormData(form)),
      headers: { 'X-CSRF-Token': token, 'Accept': 'application/json' }
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      // An older answer arriving late never replaces a newer one.
      if (mine === sent && result && typeof answer.html === 'string') {
        result.innerHTML = answer.html;
      }
    }).catch(function () { /* the Preview button still works */ });
  }

  form.addEventListener('input', function (event) {
    var name = event.target && event.target.name;
    if (!name || name === 'newLocale' || name === 'csrf') {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  });
})();
